package io.iso2db.internal.pipeline;

import io.iso2db.internal.config.ReplicatorConfig;
import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.ConnectionSettings;
import io.iso2db.event.DdlChange;
import io.iso2db.event.Transaction;
import io.iso2db.ConflictPolicy;
import io.iso2db.event.Conflict;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.ApplyEngine;
import io.iso2db.internal.apply.ConflictTable;
import io.iso2db.internal.apply.ApplyOptions;
import io.iso2db.internal.apply.PreciseReplayNeeded;
import io.iso2db.internal.parallel.ParallelApplier;
import io.iso2db.internal.assemble.ApplyGate;
import io.iso2db.internal.assemble.AssemblerEvents;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.preflight.Preflight;
import io.iso2db.internal.preflight.ServerIdGuard;
import io.iso2db.internal.preflight.SourceInfo;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.ReplicationListener;
import io.iso2db.spi.ReplicationListener.State;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one replication task: preflight, start position, then binlog sessions under a supervisor
 * that reconnects with back-off after connection losses and stops for good on anything else.
 */
public final class ReplicationTask implements AssemblerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationTask.class);

    /** The configuration; after a source failover, the same reading from the server failed over to. */
    private volatile ReplicatorConfig cfg;
    /** The configured source followed by its failover servers. */
    private final List<ConnectionSettings> sourceGroup;
    private final AtomicReference<Position> committed = new AtomicReference<>();
    private final ApplyGate gate = new ApplyGate();
    private final AtomicReference<Position> processed = new AtomicReference<>();
    private final AtomicReference<Iso2dbException> failure = new AtomicReference<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong lastLagMillis = new AtomicLong();
    private volatile boolean closing;
    /** When the task lost a server it has not reached again (epoch millis), or 0. */
    private volatile long outageSince;
    private volatile Session session;
    private final io.iso2db.internal.apply.FormerSessions formerSessions = new io.iso2db.internal.apply.FormerSessions();
    private SourceInfo source;
    private ApplyEngine applier;
    private Thread supervisor;
    private ServerIdGuard guard;

    public ReplicationTask(ReplicatorConfig cfg) {
        this.cfg = cfg;
        List<ConnectionSettings> group = new java.util.ArrayList<>();
        group.add(cfg.source());
        group.addAll(cfg.sourceFailover());
        this.sourceGroup = List.copyOf(group);
    }

    /** Preflight and start position, synchronously (so errors reach the caller); then runs in the background. */
    public void start() {
        long deadline = System.nanoTime() + cfg.startRetry().toNanos();
        long backoff = 500;
        notify(State.STARTING, null);
        while (true) {
            try {
                startOnce();
                return;
            } catch (Iso2dbException e) {
                if (!Transience.isTransient(e) || System.nanoTime() + backoff * 1_000_000 > deadline || closing) {
                    failure.set(e);
                    notify(State.FAILED, e);
                    throw e;
                }
                LOG.warn("Task {} cannot start yet ({}); trying again in {} ms", cfg.name(), e.getMessage(), backoff);
                notify(State.RECONNECTING, e);
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
        MDC.put("task", cfg.name());
        try {
            if (sourceGroup.size() > 1) {
                failOverAtStartIfTheSourceIsDown();
            }
            source = Preflight.checkSource(cfg);
            if (source.mariadb() && !cfg.ignoredThreads().isEmpty()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "ignoreThreads " + cfg.ignoredThreads()
                        + " cannot work with the MariaDB source " + cfg.source().describe() + ": MariaDB does not log"
                        + " the connection id of row-based transactions, so iso2db cannot tell them apart. Filter by"
                        + " table or database instead (or use loop control for multi-region setups).");
            }
            guard = new ServerIdGuard(cfg.source(), cfg.serverId());
            guard.acquire(cfg.fenced());
            Preflight.checkLoopControl(cfg);
            cfg.store().open(storeContext());
            if (cfg.fenced()) {
                takeOver();   // before the position is read: from here on a former owner cannot commit past it
            }
            Position requested = startPosition();
            Position start = Preflight.checkPosition(cfg, source, requested == null ? currentSourcePosition() : requested);
            Preflight.checkTarget(cfg, requested == null);
            Preflight.warnKeylessTablesForAtLeastOnce(cfg);
            if (cfg.conflicts() == ConflictPolicy.LOG) {
                ConflictTable.ensure(cfg.target());
            }
            committed.set(start);
            processed.set(start);
            ApplyOptions options = new ApplyOptions(cfg.name(), cfg.grouping(), cfg.loop(), cfg.conflicts(),
                    cfg.routes(), cfg.compareBeforeImage(), this::conflictResolved, cfg.targetTimeout(), formerSessions);
            applier = cfg.applySessions() > 1
                    ? new ParallelApplier(cfg.target(), cfg.targetBinlog(), cfg.store(), options, cfg.applySessions(),
                            committed::set)
                    : new Applier(cfg.target(), cfg.targetBinlog(), cfg.store(), options);
            LOG.info("Task {} starts at {} on {} ({}) → {}, checkpoints {}", cfg.name(), start, cfg.source().describe(),
                    source.version(), cfg.target().describe(), cfg.store());
        } catch (RuntimeException e) {
            shutdown();
            throw e instanceof Iso2dbException i ? i
                    : new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + cfg.name() + " failed to start: " + e, e);
        } finally {
            MDC.remove("task");
        }
        supervisor = new Thread(this::supervise, "iso2db-" + cfg.name() + "-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void takeOver() {
        if (!(cfg.store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint inline)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Task " + cfg.name() + ": fenced() needs a"
                    + " checkpoint store that writes to the target (CheckpointStores.inTarget() or jdbc(...)), not "
                    + cfg.store());
        }
        long epoch = inline.takeOver();
        LOG.info("Task {} taken over with epoch {}: a former owner's commits now fail", cfg.name(), epoch);
    }

    /** The configured or stored start, or null for "the source's current end". */
    private Position startPosition() {
        if (cfg.startAt() != null) {
            return cfg.startAt();
        }
        var stored = cfg.store().load();
        if (stored.isPresent()) {
            return stored.get();
        }
        if (cfg.resume()) {
            throw new Iso2dbException(ErrorCode.NO_STORED_POSITION, "Task " + cfg.name() + " (server_id "
                    + cfg.serverId() + ") was asked to resume, but " + cfg.store() + " holds no position for it."
                    + " Give a start position (startAt or resumeOrStartAt, by file and offset or by GTID), or run an export first.");
        }
        return cfg.fallbackStart();
    }

    /** The source's current end of binlog, with its GTID state. */
    public Position currentSourcePosition() {
        try (Connection c = Jdbc.open(cfg.source(), "source"); Statement st = c.createStatement()) {
            return BinlogStatus.read(st).orElseThrow(() -> new Iso2dbException(ErrorCode.BINLOG_DISABLED,
                    "The binary log is off on " + cfg.source().describe() + ": it has no position to report."))
                    .position(st, source.mariadb());
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot read the binlog position of "
                    + cfg.source().describe() + ": " + e.getMessage(), e);
        }
    }

    private void supervise() {
        MDC.put("task", cfg.name());
        long backoff = 500;
        boolean afterLoss = false;
        Position resumedAt = committed.get();
        while (!closing) {
            long started = System.nanoTime();
            Session s = null;
            try {
                if (afterLoss && sourceGroup.size() > 1) {
                    failOverIfTheSourceIsDown();
                }
                if (cfg.fenced() && cfg.store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint inline) {
                    inline.checkEpoch(committed.get());   // still the owner? (a paused node wakes up here)
                }
                guard.acquire();
                Preflight.checkLoopControl(cfg);
                if (afterLoss) {
                    resumeAtTargetCheckpoint();
                    afterLoss = false;
                }
                applier.connect();   // RUNNING only once both servers answer
                resumedAt = committed.get();
                s = new Session(cfg, source, applier, resumedAt, this, gate);
                session = s;
                if (closing) {
                    break;   // close() may have missed this session
                }
                s.run();
                outageSince = 0;
                notify(State.RUNNING, null);
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
                    LOG.error("Task {} stopped: {}", cfg.name(), e.getMessage());
                    failure.set(e);
                    notify(State.FAILED, e);
                    break;
                }
                afterLoss = true;
                if (System.nanoTime() - started > Duration.ofSeconds(30).toNanos() || !committed.get().equals(resumedAt)) {
                    backoff = 500;   // the link worked for a while: a new fault starts the back-off afresh
                }
                if (e instanceof PreciseReplayNeeded) {
                    LOG.info("Task {}: {}", cfg.name(), e.getMessage());
                    continue;
                }
                LOG.warn("Task {} cannot go on ({}); trying again from {} in {} ms", cfg.name(), e.getMessage(),
                        committed.get(), backoff);
                LOG.debug("Task {}: the failure in full", cfg.name(), e);
                if (outageSince == 0) {
                    outageSince = System.currentTimeMillis();
                }
                notify(State.RECONNECTING, e);
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
        return new CheckpointStore.Context(new CheckpointStore.Key(cfg.name(), cfg.serverId()), cfg.target(),
                cfg.targetBinlog());
    }

    /**
     * A task (re)started while its source is down reads on from a failover server, from the
     * checkpoint the target holds (by GTID). Not with an explicit start position: a file position
     * of one server means nothing on another.
     */
    private void failOverAtStartIfTheSourceIsDown() {
        if (cfg.startAt() != null || !(cfg.store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint)
                || SourceFailover.answers(cfg.source())) {
            return;
        }
        cfg.store().open(storeContext());
        cfg.store().load().filter(Position::hasGtid).ifPresent(stored -> {
            ConnectionSettings next = SourceFailover.replacement(cfg.source(), sourceGroup, stored);
            if (next != cfg.source()) {
                LOG.warn("Task {}: the source {} does not answer; starting on {}, which has every transaction the"
                        + " target has (up to {}), by GTID", cfg.name(), cfg.source().describe(), next.describe(), stored);
                cfg = cfg.withSource(next);
            }
        });
    }

    /** Moves to another server of the source's group when the current one does not answer (see {@link SourceFailover}). */
    private void failOverIfTheSourceIsDown() {
        ConnectionSettings current = cfg.source();
        if (SourceFailover.answers(current)) {
            return;
        }
        ConnectionSettings next = SourceFailover.replacement(current, sourceGroup, committed.get());
        if (next == current) {
            return;
        }
        ReplicatorConfig moved = cfg.withSource(next);
        SourceInfo info = Preflight.checkSource(moved);
        LOG.warn("Task {}: the source {} does not answer; failing over to {} ({}), which has every transaction the"
                + " target has (up to {}); reading on there by GTID", cfg.name(), current.describe(), next.describe(),
                info.version(), committed.get());
        Jdbc.closeQuietly(guard);
        guard = new ServerIdGuard(next, moved.serverId());
        source = info;
        cfg = moved;
    }

    /**
     * After a loss the last commit's answer may have been lost with the connection while the
     * commit itself went through (or is still on its way). Once the former apply sessions are gone
     * from the target, the checkpoint there is final: go on after it if it is ahead.
     */
    private void resumeAtTargetCheckpoint() {
        formerSessions.endAll(cfg.target());
        if (!(cfg.store() instanceof io.iso2db.internal.checkpoint.InlineCheckpoint)) {
            return;   // a store outside the target's transactions cannot tell (at-least-once)
        }
        Position at = committed.get();
        cfg.store().load().filter(p -> p.hasFile() && at.hasFile() && p.compareFileTo(at) > 0).ifPresent(p -> {
            LOG.info("Task {}: the target committed up to {} before the connection was lost (the answer never"
                    + " arrived); going on from there", cfg.name(), p);
            committed.set(p);
        });
    }

    private static boolean isTransient(Iso2dbException e) {
        return Transience.isTransient(e);
    }

    /** Waits until everything the source had written when called is processed. */
    public void awaitCaughtUp(Duration timeout) {
        Position target = currentSourcePosition();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Iso2dbException f = failure.get();
            if (f != null) {
                throw new Iso2dbException(f.code(), "Task " + cfg.name() + " failed: " + f.getMessage(), f);
            }
            Position p = processed.get();
            if (p.hasFile() && p.compareFileTo(target) >= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + cfg.name() + " did not catch up with "
                        + target + " within " + timeout + "; it is at " + p);
            }
            sleep(20);
        }
    }

    /**
     * Holds the task at {@code cut} and waits until the target holds exactly the source
     * transactions before it: the apply thread waits at the cut, or has processed up to it and
     * will hold whatever comes next. False (nothing held) when a transaction at or after the cut
     * has begun already.
     */
    public boolean holdAt(Position cut, Duration timeout) {
        if (!gate.holdFrom(cut)) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Iso2dbException f = failure.get();
            if (f != null) {
                gate.open();
                throw new Iso2dbException(f.code(), "Task " + cfg.name() + " failed: " + f.getMessage(), f);
            }
            Position p = processed.get();
            if (gate.waitsAtCut() || (p != null && p.hasFile() && p.compareFileTo(cut) >= 0)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                gate.open();
                throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + cfg.name() + " did not reach the cut "
                        + cut + " within " + timeout + "; it is at " + p + (outageSince != 0 ? " (it cannot reach a server)" : ""));
            }
            sleep(1);
        }
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
        return committed.get();
    }

    public Iso2dbException failure() {
        return failure.get();
    }

    public long transactions() {
        return transactions.get();
    }

    public long rows() {
        return rows.get();
    }

    /**
     * The last applied transaction's lag, and 0 while everything received is applied and the source
     * link is alive; while the task cannot reach a server it grows with the clock.
     */
    public long lagMillis() {
        long since = outageSince;
        if (since != 0) {
            return lastLagMillis.get() + Math.max(0, System.currentTimeMillis() - since);
        }
        Session s = session;
        return s != null && s.caughtUp() ? 0 : lastLagMillis.get();
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

    @Override
    public void committed(Transaction t) {
        transactions.incrementAndGet();
        rows.addAndGet(t.rows());
        lastLagMillis.set(t.lagMillis());
        for (ReplicationListener l : cfg.listeners()) {
            try {
                l.onTransaction(t);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on a transaction; ignored", l, e);
            }
        }
    }

    /** Conflicts resolved in favour of the source since start. */
    public long conflicts() {
        return conflicts.get();
    }

    private void conflictResolved(Conflict c) {
        conflicts.incrementAndGet();
        LOG.warn("Conflict resolved by {}: {} of GTID {} on {} ({}); target row was {}", c.resolution(), c.operation(),
                c.gtid(), c.table(), c.kind(), c.targetRow());
        for (ReplicationListener l : cfg.listeners()) {
            try {
                l.onConflict(c);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on a conflict; ignored", l, e);
            }
        }
    }

    @Override
    public void ddlApplied(DdlChange ddl, Position after) {
        LOG.info("Applied DDL on {}: {}", ddl.table(), ddl.sql());
        for (ReplicationListener l : cfg.listeners()) {
            try {
                l.onDdl(ddl, after);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on a DDL statement; ignored", l, e);
            }
        }
    }

    @Override
    public void processed(Position position, boolean persisted) {
        processed.set(position);
        if (persisted) {
            committed.set(position);
        }
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
        if (failure.get() == null) {
            notify(State.STOPPED, null);
        }
    }

    private void shutdown() {
        if (applier != null) {
            applier.close();
        }
        Jdbc.closeQuietly(guard);
        cfg.store().close();
    }

    private void notify(State state, Iso2dbException error) {
        for (ReplicationListener l : cfg.listeners()) {
            try {
                l.onStateChange(state, error);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on state {}; ignored", l, state, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
