package io.iso2db.internal.pipeline;

import io.iso2db.internal.config.ReplicatorConfig;
import com.github.shyiko.mysql.binlog.event.Event;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.apply.ApplyEngine;
import io.iso2db.internal.assemble.AssemblerEvents;
import io.iso2db.internal.jdbc.SourceTables;
import io.iso2db.internal.assemble.ApplyGate;
import io.iso2db.internal.assemble.TransactionAssembler;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.loop.OriginTracker;
import io.iso2db.internal.preflight.SourceInfo;
import io.iso2db.internal.source.BinlogSource;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.spi.CheckpointStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One binlog connection with a fresh assembler, from one committed position until the first
 * failure. The binlog thread reads and decodes events into a bounded queue; one apply thread
 * assembles and applies them, so reading overlaps applying, and the applier knows when more
 * transactions are already waiting (group commit when behind). The first exception ends the session.
 */
final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private static final int QUEUE_EVENTS = 2_000;
    /** Raw event bytes; decoded rows take several times more heap. */
    private static final long QUEUE_BYTES = 4L << 20;
    private static final long POLL_MILLIS = 50;

    private final ReplicatorConfig cfg;
    private final BinlogSource source;
    private final TransactionAssembler assembler;
    private final EventQueue queue = new EventQueue(QUEUE_EVENTS, QUEUE_BYTES);
    private final Thread applyThread;
    private final CompletableFuture<Iso2dbException> failed = new CompletableFuture<>();
    private volatile boolean stopped;
    /** When the last event or heartbeat arrived from the source (this JVM's clock). */
    private volatile long lastReceivedMillis = System.currentTimeMillis();
    /** When the binlog thread last heard from the source or handed an event on; 0 while connecting. */
    private volatile long lastHeardMillis;
    /** The apply thread is working on an event. */
    private volatile boolean applying;
    private final long heartbeatMillis;
    /** Where a consistent cut holds the apply thread between transactions; null: never held. */
    private final ApplyGate gate;

    Session(ReplicatorConfig cfg, SourceInfo info, ApplyEngine applier, Position start, AssemblerEvents events,
            ApplyGate gate) {
        this.cfg = cfg;
        this.gate = gate;
        boolean useGtid = start.hasGtid() && (cfg.useGtid() || !start.hasFile());
        GtidTracker gtids = new GtidTracker(info.mariadb(), start.gtidSet().orElse(null));
        boolean tolerantRows = cfg.store().guarantee() == CheckpointStore.Guarantee.AT_LEAST_ONCE;
        this.assembler = new TransactionAssembler(cfg.filter(), applier, gtids, start, tolerantRows, cfg.ignoredThreads(),
                cfg.loop() == null ? null : new OriginTracker(cfg.loop()), events);
        assembler.skipStatementLoggedChanges(cfg.skipStatementChanges());
        assembler.sourceTables(SourceTables.emptyTableDefinitions(cfg.source()));
        this.heartbeatMillis = heartbeatMillis(cfg);
        this.source = new BinlogSource(cfg.name(), cfg.source(), cfg.serverId(), start, useGtid, heartbeatMillis,
                t -> cfg.filter().includesTable(t) || (cfg.loop() != null && Marker.TABLE.equals(t)), this::enqueue,
                this::fail);
        applier.waitingWork(queue::hasWaiting);
        this.applyThread = new Thread(this::applyLoop, "iso2db-" + cfg.name() + "-apply");
        applyThread.setDaemon(true);
    }

    private void enqueue(Event event) {
        lastReceivedMillis = CommitTime.refine(event);
        lastHeardMillis = System.currentTimeMillis();
        try {
            while (!stopped && !queue.offer(event, POLL_MILLIS)) {
                // full: the apply thread is behind; waiting here makes the socket push back on the source
            }
            lastHeardMillis = System.currentTimeMillis();   // a wait for queue space is not the source's silence
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applyLoop() {
        MDC.put("task", cfg.name());
        try {
            while (!stopped) {
                Event event = queue.poll(POLL_MILLIS);
                if (stopped) {
                    break;
                }
                if (event != null) {
                    if (gate != null && assembler.beginsTransaction(event)) {
                        gate.pass(assembler.startOf(event), this::commitAndSettle, () -> stopped);
                        if (stopped) {
                            break;
                        }
                    }
                    applying = true;
                    assembler.accept(event);
                    if (!queue.hasWaiting()) {
                        assembler.idle();   // a group waiting for more work commits now, not at the next poll
                        assembler.settle();   // and is answered: at the head of the stream nothing waits unreported
                    }
                    applying = false;
                } else {
                    assembler.idle();
                    assembler.settle();
                    checkSourceSpeaks();
                }
            }
        } catch (Iso2dbException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(new Iso2dbException(ErrorCode.APPLY_FAILED, "Unexpected failure at " + assembler.position() + ": " + e, e));
        } catch (Error e) {
            // the apply thread ends here: without this the task would stay RUNNING and apply nothing
            fail(new Iso2dbException(ErrorCode.APPLY_FAILED, "The apply thread stopped at " + assembler.position()
                    + " on " + e + "; the task stopped (what it committed stays). Restart it once the cause is"
                    + " fixed (the JVM's heap or stack size, or a listener that threw it)", e));
        } finally {
            settleQuietly();
            MDC.remove("task");
        }
    }

    private void commitAndSettle() {
        assembler.commitGroupIfPending();
        assembler.settle();
    }

    /** A commit still on its way when the apply thread ends is answered here (and told, if it committed). */
    private void settleQuietly() {
        try {
            assembler.settle();
        } catch (RuntimeException e) {
            LOG.warn("Task {}: the last commit, on its way when the apply thread ended, failed; the task resumes before it"
                    + " ({})", cfg.name(), e.getMessage());
        }
    }

    /**
     * Heartbeats close an idle group in time when groups wait for their delay; grouping while
     * behind commits as soon as nothing waits, so there they only keep the link alive and show a
     * link that stalled without closing (three per {@code sourceTimeout}, at most every 10 s).
     */
    private static long heartbeatMillis(ReplicatorConfig cfg) {
        long alive = Math.min(10_000, cfg.sourceTimeout().toMillis() / 3);
        return cfg.grouping().on() && !cfg.grouping().onlyWhenBehind()
                ? Math.min(alive, Math.max(5, cfg.grouping().delay().toMillis())) : alive;
    }

    /** Nothing waits and the source has sent nothing, not even a heartbeat, for longer than it may: the link is dead. */
    private void checkSourceSpeaks() {
        long heard = lastHeardMillis;
        long silent = System.currentTimeMillis() - heard;
        if (heard != 0 && silent > cfg.sourceTimeout().toMillis() && !queue.hasWaiting()) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "The source " + cfg.source().describe() + " sent"
                    + " nothing, not even a heartbeat, for " + silent / 1000.0 + " s (sourceTimeout "
                    + cfg.sourceTimeout().toMillis() / 1000.0 + " s): the link stalled; reconnecting");
        }
    }

    /**
     * Everything received has been applied and the source spoke within two heartbeat periods (it
     * sends a heartbeat when it has nothing to send), so the target is as current as the source.
     */
    boolean caughtUp() {
        return !applying && !queue.hasWaiting() && System.currentTimeMillis() - lastReceivedMillis < 2 * heartbeatMillis;
    }

    void run() {
        applyThread.start();
        source.connect(cfg.connectTimeout().toMillis());
        lastHeardMillis = System.currentTimeMillis();   // from here on the source must speak
        if (stopped) {
            source.disconnect();   // stop() came while connecting, before there was a connection to close
        }
    }

    /** Blocks until the session fails or is stopped; returns the failure (null when stopped). */
    Iso2dbException awaitFailure() {
        try {
            return failed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fail(Iso2dbException e) {
        if (!stopped) {
            stopped = true;
            failed.complete(e);
        }
    }

    /** Stops reading and waits for the apply thread to leave the applier (it finishes the statement it is in). */
    void stop() {
        stopped = true;
        source.disconnect();
        failed.complete(new Iso2dbException(ErrorCode.ILLEGAL_STATE, "session stopped"));
        if (Thread.currentThread() != applyThread) {
            try {
                applyThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
