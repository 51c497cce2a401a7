package io.iso2db.internal.pipeline;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.event.Transaction;
import io.iso2db.internal.assemble.ApplyGate;
import io.iso2db.internal.assemble.AssemblerEvents;
import io.iso2db.spi.ReplicationListener;
import io.iso2db.spi.ReplicationListener.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one task has done so far (positions, counters, its failure) and the user's listeners, told
 * of each step; a listener's exception is logged and ignored (an Error goes on up: the apply thread
 * then stops the task). Written by the task's apply thread
 * (and parallel workers, for the committed position), read by any thread.
 */
final class TaskProgress implements AssemblerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProgress.class);

    private final String task;
    private final List<ReplicationListener> listeners;
    private final AtomicReference<Position> committed = new AtomicReference<>();
    private final AtomicReference<Position> processed = new AtomicReference<>();
    private final AtomicReference<Iso2dbException> failure = new AtomicReference<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong lastLagMillis = new AtomicLong();

    TaskProgress(String task, List<ReplicationListener> listeners) {
        this.task = task;
        this.listeners = listeners;
    }

    /** The task starts (or starts again) at {@code position}: nothing after it is committed or processed. */
    void startAt(Position position) {
        committed.set(position);
        processed.set(position);
    }

    Position committed() {
        return committed.get();
    }

    /** The target holds everything up to {@code position} (told by a parallel worker, or read back after a loss). */
    void committed(Position position) {
        committed.set(position);
    }

    Position processed() {
        return processed.get();
    }

    Iso2dbException failure() {
        return failure.get();
    }

    /** The task stopped for good with {@code e}. */
    void failed(Iso2dbException e) {
        failure.set(e);
        state(State.FAILED, e);
    }

    /** Throws the task's failure, if it failed, as the cause of whatever a caller waited for. */
    void throwIfFailed() {
        Iso2dbException f = failure.get();
        if (f != null) {
            throw new Iso2dbException(f.code(), "Task " + task + " failed: " + f.getMessage(), f);
        }
    }

    /** Waits until everything up to {@code target} is processed. */
    void awaitProcessed(Position target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            throwIfFailed();
            Position p = processed.get();
            if (p.hasFile() && p.compareFileTo(target) >= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + task + " did not catch up with "
                        + target + " within " + timeout + "; it is at " + p);
            }
            ReplicationTask.sleep(20);
        }
    }

    /**
     * Holds the task at {@code cut} ({@link ApplyGate#holdFrom}) and waits until the target holds
     * exactly the source transactions before it; false when the cut is in the task's past. The gate
     * is opened again when the task fails or does not get there in time.
     */
    boolean holdAt(ApplyGate gate, Position cut, Duration timeout, BooleanSupplier outage) {
        if (!gate.holdFrom(cut)) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (failure.get() != null) {
                gate.open();
                throwIfFailed();
            }
            Position p = processed.get();
            if (gate.waitsAtCut() || (p != null && p.hasFile() && p.compareFileTo(cut) >= 0)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                gate.open();
                throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Task " + task + " did not reach the cut " + cut
                        + " within " + timeout + "; it is at " + p + (outage.getAsBoolean() ? " (it cannot reach a server)" : ""));
            }
            ReplicationTask.sleep(1);
        }
    }

    long transactions() {
        return transactions.get();
    }

    long rows() {
        return rows.get();
    }

    long conflicts() {
        return conflicts.get();
    }

    long lastLagMillis() {
        return lastLagMillis.get();
    }

    @Override
    public void committed(Transaction t) {
        transactions.incrementAndGet();
        rows.addAndGet(t.rows());
        lastLagMillis.set(t.lagMillis());
        tell("a transaction", l -> l.onTransaction(t));
    }

    @Override
    public void ddlApplied(DdlChange ddl, Position after) {
        LOG.info("Applied DDL on {}: {}", ddl.table(), ddl.sql());
        tell("a DDL statement", l -> l.onDdl(ddl, after));
    }

    @Override
    public void processed(Position position, boolean persisted) {
        processed.set(position);
        if (persisted) {
            committed.set(position);
        }
    }

    /** A conflict was resolved in favour of the source. */
    void conflictResolved(Conflict c) {
        conflicts.incrementAndGet();
        LOG.warn("Conflict resolved by {}: {} of GTID {} on {} ({}); target row was {}", c.resolution(), c.operation(),
                c.gtid(), c.table(), c.kind(), c.targetRow());
        tell("a conflict", l -> l.onConflict(c));
    }

    void state(State state, Iso2dbException error) {
        tell("state " + state, l -> l.onStateChange(state, error));
    }

    private void tell(String what, Consumer<ReplicationListener> call) {
        for (ReplicationListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed on {}; ignored", l, what, e);
            }
        }
    }
}
