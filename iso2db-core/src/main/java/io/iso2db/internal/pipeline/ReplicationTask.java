package io.iso2db.internal.pipeline;

import io.iso2db.internal.config.ReplicatorConfig;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.ConflictPolicy;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.ApplyEngine;
import io.iso2db.internal.apply.ConflictTable;
import io.iso2db.internal.apply.ApplyOptions;
import io.iso2db.internal.apply.PreciseReplayNeeded;
import io.iso2db.internal.parallel.ParallelApplier;
import io.iso2db.internal.assemble.ApplyGate;
import io.iso2db.internal.preflight.Preflight;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.ReplicationListener.State;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one replication task: preflight, start position, then binlog sessions under a supervisor
 * that reconnects with back-off after connection losses and stops for good on anything else.
 */
public final class ReplicationTask {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationTask.class);

    private final TaskSource source;
    private final TaskProgress progress;
    private final ApplyGate gate = new ApplyGate();
    private volatile boolean closing;
    /** When the task lost a server it has not reached again (epoch millis), or 0. */
    private volatile long outageSince;
    private volatile Session session;
    private final io.iso2db.internal.apply.FormerSessions formerSessions = new io.iso2db.internal.apply.FormerSessions();
    private ApplyEngine applier;
    private Thread supervisor;

    public ReplicationTask(ReplicatorConfig cfg) {
        this.source = new TaskSource(cfg);
        this.progress = new TaskProgress(cfg.name(), cfg.listeners());
    }

    /** The configuration; after a source failover, the same reading from the server failed over to. */
    private ReplicatorConfig cfg() {
        return source.config();
    }

    /** Preflight and start position, synchronously (so errors reach the caller); then runs in the background. */
    public void start() {
        long deadline = System.nanoTime() + cfg().startRetry().toNanos();
        long backoff = 500;
        progress.state(State.STARTING, null);
        while (true) {
            try {
                startOnce();
                return;
            } catch (Iso2dbException e) {
                if (!Transience.isTransient(e) || System.nanoTime() + backoff * 1_000_000 > deadline || closing) {
                    progress.failed(e);
                    throw e;
                }
                LOG.warn("Task {} cannot start yet ({}); trying again in {} ms", cfg().name(), e.getMessage(), backoff);
                progress.state(State.RECONNECTING, e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** Runs every check {@link #start()} runs (servers, privileges, position, target tables), then lets go. */
    public void check() {
        try {
            startOnce();
        } finally {
            shutdown();
        }
    }

    private void startOnce() {
        MDC.put("task", cfg().name());
        try {
            if (source.hasFailover()) {
                source.failOverAtStartIfDown(storeContext());
            }
            source.check();
            source.lock(cfg().fenced());
            Preflight.checkLoopControl(cfg());
            cfg().store().open(storeContext());
            if (cfg().fenced()) {
                StartPosition.takeOver(cfg());   // before the position is read: from here on a former owner cannot commit past it
            }
            Position requested = StartPosition.of(cfg());
            Position start = Preflight.checkPosition(cfg(), source.info(), requested == null ? currentSourcePosition() : requested);
            Preflight.checkTarget(cfg(), requested == null);
            Preflight.warnKeylessTablesForAtLeastOnce(cfg());
            if (cfg().conflicts() == ConflictPolicy.LOG) {
                ConflictTable.ensure(cfg().target());
            }
            progress.startAt(start);
            ApplyOptions options = new ApplyOptions(cfg().name(), cfg().grouping(), cfg().loop(), cfg().conflicts(),
                    cfg().routes(), cfg().compareBeforeImage(), progress::conflictResolved, cfg().targetTimeout(), formerSessions);
            applier = cfg().applySessions() > 1
                    ? new ParallelApplier(cfg().target(), cfg().targetBinlog(), cfg().store(), options, cfg().applySessions(),
                            progress::committed)
                    : new Applier(cfg().target(), cfg().targetBinlog(), cfg().store(), options).sendAhead();
            LOG.info("Task {} starts at {} on {} ({}) → {}, checkpoints {}, rows found {}", cfg().name(), start,
                    cfg().source().describe(), source.info().version(), cfg().target().describe(), cfg().store(),
                    cfg().compareBeforeImage() ? "by key and before image" : "by key only");
        } catch (RuntimeException e) {
            shutdown();
            throw e instanceof Iso2dbException i ? i
                    : new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + cfg().name() + " failed to start: " + e, e);
        } finally {
            MDC.remove("task");
        }
        supervisor = new Thread(this::supervise, "iso2db-" + cfg().name() + "-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** The source's current end of binlog, with its GTID state. */
    public Position currentSourcePosition() {
        return source.currentPosition();
    }

    private void supervise() {
        MDC.put("task", cfg().name());
        long backoff = 500;
        boolean afterLoss = false;
        Position resumedAt = progress.committed();
        while (!closing) {
            long started = System.nanoTime();
            Session s = null;
            try {
                if (afterLoss && source.hasFailover()) {
                    source.failOverIfDown(progress.committed());
                }
                if (cfg().fenced() && cfg().store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint inline) {
                    inline.checkEpoch(progress.committed());   // still the owner? (a paused node wakes up here)
                }
                source.relock();
                Preflight.checkLoopControl(cfg());
                if (afterLoss) {
                    resumeAtTargetCheckpoint();
                    afterLoss = false;
                }
                applier.connect();   // RUNNING only once both servers answer
                resumedAt = progress.committed();
                s = new Session(cfg(), source.info(), applier, resumedAt, progress, gate);
                session = s;
                if (closing) {
                    break;   // close() may have missed this session
                }
                s.run();
                outageSince = 0;
                progress.state(State.RUNNING, null);
                Iso2dbException e = s.awaitFailure();
                if (closing) {
                    break;
                }
                throw e;
            } catch (Iso2dbException e) {
                if (s != null) {
                    s.stop();
                }
                applier.rollback();
                if (closing) {
                    break;
                }
                if (!isTransient(e)) {
                    LOG.error("Task {} stopped: {}", cfg().name(), e.getMessage());
                    progress.failed(e);
                    break;
                }
                afterLoss = true;
                if (System.nanoTime() - started > Duration.ofSeconds(30).toNanos() || !progress.committed().equals(resumedAt)) {
                    backoff = 500;   // the link worked for a while: a new fault starts the back-off afresh
                }
                if (e instanceof PreciseReplayNeeded) {
                    LOG.info("Task {}: {}", cfg().name(), e.getMessage());
                    continue;
                }
                LOG.warn("Task {} cannot go on ({}); trying again from {} in {} ms", cfg().name(), e.getMessage(),
                        progress.committed(), backoff);
                LOG.debug("Task {}: the failure in full", cfg().name(), e);
                if (outageSince == 0) {
                    outageSince = System.currentTimeMillis();
                }
                progress.state(State.RECONNECTING, e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            } finally {
                Thread.interrupted();   // close()'s wake-up call must not cut short the wait for the apply thread
                if (s != null) {
                    s.stop();
                }
            }
        }
        MDC.remove("task");
    }

    private CheckpointStore.Context storeContext() {
        return new CheckpointStore.Context(new CheckpointStore.Key(cfg().name(), cfg().serverId()), cfg().target(),
                cfg().targetBinlog());
    }

    /**
     * After a loss the last commit's answer may have been lost with the connection while the
     * commit itself went through (or is still on its way). Once the former apply sessions are gone
     * from the target, the checkpoint there is final: go on after it if it is ahead.
     */
    private void resumeAtTargetCheckpoint() {
        formerSessions.endAll(cfg().target());
        if (!(cfg().store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint)) {
            return;   // a store outside the target's transactions cannot tell (at-least-once)
        }
        Position at = progress.committed();
        cfg().store().load().filter(p -> p.hasFile() && at.hasFile() && p.compareFileTo(at) > 0).ifPresent(p -> {
            LOG.info("Task {}: the target committed up to {} before the connection was lost (the answer never"
                    + " arrived); going on from there", cfg().name(), p);
            progress.committed(p);
        });
    }

    private static boolean isTransient(Iso2dbException e) {
        return Transience.isTransient(e);
    }

    /** Waits until everything the source had written when called is processed. */
    public void awaitCaughtUp(Duration timeout) {
        progress.awaitProcessed(currentSourcePosition(), timeout);
    }

    /**
     * Holds the task at {@code cut} and waits until the target holds exactly the source
     * transactions before it: the apply thread waits at the cut, or has processed up to it and
     * will hold whatever comes next. False (nothing held) when a transaction at or after the cut
     * has begun already.
     */
    public boolean holdAt(Position cut, Duration timeout) {
        return progress.holdAt(gate, cut, timeout, () -> outageSince != 0);
    }

    /** Holds the task before its next transaction, until {@link #holdAt} moves the hold or the cut is released. */
    public void pauseForCut() {
        gate.pauseAll();
    }

    /** Lets every transaction go on after a consistent cut. */
    public void releaseCut() {
        gate.open();
    }

    public Position committedPosition() {
        return progress.committed();
    }

    public Iso2dbException failure() {
        return progress.failure();
    }

    public long transactions() {
        return progress.transactions();
    }

    public long rows() {
        return progress.rows();
    }

    /** Conflicts resolved in favour of the source since start. */
    public long conflicts() {
        return progress.conflicts();
    }

    /**
     * The last applied transaction's lag, and 0 while everything received is applied and the source
     * link is alive; while the task cannot reach a server it grows with the clock.
     */
    public long lagMillis() {
        long since = outageSince;
        if (since != 0) {
            return progress.lastLagMillis() + Math.max(0, System.currentTimeMillis() - since);
        }
        Session s = session;
        return s != null && s.caughtUp() ? 0 : progress.lastLagMillis();
    }

    /** Waits until the task has stopped (closed or failed); true when it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread s = supervisor;
        if (s != null) {
            s.join(Math.max(1, timeout.toMillis()));
            return !s.isAlive();
        }
        return true;
    }

    /** Stops reading, abandons an open transaction (its rows are replayed on restart) and closes everything. */
    public void close() {
        closing = true;
        Session s = session;
        if (s != null) {
            s.stop();
        }
        if (supervisor != null) {
            supervisor.interrupt();   // out of a back-off sleep at once
            try {
                supervisor.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shutdown();
        if (progress.failure() == null) {
            progress.state(State.STOPPED, null);
        }
    }

    private void shutdown() {
        if (applier != null) {
            applier.close();
        }
        source.close();
        cfg().store().close();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
