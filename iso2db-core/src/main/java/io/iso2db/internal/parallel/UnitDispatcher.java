package io.iso2db.internal.parallel;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.RowOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Numbers units, tracks what each depends on ({@link WriteSets}), hands them to the workers and
 * waits for them ({@link CommitOrder}). Work done outside the units (DDL, XA, a unit too large to
 * hold) takes a number of its own once every unit before it committed.
 */
final class UnitDispatcher {

    /**
     * Committed units are reported to the task (positions, listeners; the checkpoint is written by
     * each unit) once all handed out so far committed: at the head of the stream, and at least this
     * often while behind.
     */
    static final int REPORT_EVERY_UNITS = 1_000;
    static final long REPORT_EVERY_NANOS = 1_000_000_000L;
    /** Units applied one at a time after a lock conflict the write sets did not foresee. */
    static final int SERIAL_AFTER_CONFLICT = 1_000;

    private final CommitOrder order = new CommitOrder();
    private final WriteSets writeSets = new WriteSets();
    private final BlockingQueue<Unit> queue;
    private final List<Thread> workers = new ArrayList<>();
    private long lastSeq;
    private int sinceSettled;
    private long firstNanos;
    private int serialUnits;

    /** Starts one worker thread per applier; each is told every checkpoint it commits ({@code committed}). */
    UnitDispatcher(String task, List<Applier> appliers, Consumer<Position> committed) {
        this.queue = new ArrayBlockingQueue<>(appliers.size() * 4);
        for (int i = 0; i < appliers.size(); i++) {
            Thread t = new Thread(new ApplyWorker(task, appliers.get(i), queue, order, committed),
                    "iso2db-" + task + "-apply-" + (i + 1));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** The next unit (after a lock conflict, for a while each one depends on the one before). */
    Unit open(String gtid, long origin, boolean tolerant) {
        Unit unit = new Unit(++lastSeq, gtid, origin, tolerant);
        if (firstNanos == 0) {
            firstNanos = System.nanoTime();
        }
        if (serialUnits > 0) {
            serialUnits--;
            writeSets.dependOnAll(unit);
        }
        return unit;
    }

    void add(Unit unit, RowOp op) {
        writeSets.add(unit, op);
    }

    /** The last unit opened was dropped before it was handed out: its number is used again. */
    void drop(Unit unit) {
        lastSeq = unit.seq - 1;
    }

    void dispatch(Unit unit) {
        writeSets.prune(order.committed());
        order.dispatched();
        try {
            queue.put(unit);
        } catch (InterruptedException e) {
            order.finished();
            Thread.currentThread().interrupt();
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Interrupted while handing " + unit + " to a worker");
        }
        sinceSettled++;
    }

    /** Waits until every unit up to {@code upTo} committed (throws the failure that stopped one). */
    void settle(long upTo) {
        try {
            order.awaitSettled(upTo);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Interrupted while waiting for the apply workers");
        }
        sinceSettled = 0;
        firstNanos = 0;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** A number for work done outside the units, once all before it committed; {@link #serialDone} after it. */
    long serialTurn() {
        settle(lastSeq);
        return ++lastSeq;
    }

    void serialDone(long seq) {
        order.committed(seq);
    }

    /** Whether units were handed out since the workers were last waited for. */
    boolean unitsPending() {
        return sinceSettled > 0;
    }

    /** Whether the committed units should be reported now although the task is behind. */
    boolean reportDue() {
        return sinceSettled >= REPORT_EVERY_UNITS || System.nanoTime() - firstNanos >= REPORT_EVERY_NANOS;
    }

    int inFlight() {
        return order.inFlight();
    }

    Iso2dbException failure() {
        return order.failure();
    }

    /**
     * Abandons every unit not yet committed, waits for the workers, and numbers on from the last
     * committed unit (the restart reads the rest again). After a lock conflict no key foresaw, the
     * next units run one at a time.
     */
    void abortAll() {
        try {
            order.abortAll(new Iso2dbException(ErrorCode.ILLEGAL_STATE, "the task is restarting"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (order.failure() != null && ApplyWorker.lockConflict(order.failure())) {
            serialUnits = SERIAL_AFTER_CONFLICT;
        }
        order.reset();
        queue.clear();
        writeSets.clear();
        lastSeq = order.committed();
        sinceSettled = 0;
        firstNanos = 0;
    }

    void close() {
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
