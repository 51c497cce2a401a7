package io.iso2db.internal.parallel;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.ApplyEngine;
import io.iso2db.internal.apply.ApplyOptions;
import io.iso2db.internal.apply.Grouping;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Applies source transactions on several target sessions at once: consecutive transactions form
 * units ({@link Unit}), each unit waits for the earlier units that wrote the same rows
 * ({@link WriteSets}) and commits in source order ({@link CommitOrder}), with its checkpoint. DDL,
 * prepared XA transactions and units too large to hold run alone on a session of their own once
 * every earlier unit committed; so do transactions of another loop-control origin (the assembler
 * commits the pending work first). Used from the task's apply thread; the workers run their own.
 */
public final class ParallelApplier implements ApplyEngine {

    /** A unit holding more rows than this is applied alone, streaming, instead of held in memory. */
    static final int MAX_UNIT_ROWS = 5_000;
    /** Source transactions per unit while behind (when grouping): enough to save commits, few enough to spread. */
    static final int MAX_UNIT_TRANSACTIONS = 20;
    /**
     * Committed units are reported to the task (positions, listeners; the checkpoint is written by
     * each unit) once all handed out so far committed: at the head of the stream, and at least this
     * often while behind.
     */
    static final int REPORT_EVERY_UNITS = 1_000;
    static final long REPORT_EVERY_NANOS = 1_000_000_000L;
    /** Units applied one at a time after a lock conflict the write sets did not foresee. */
    static final int SERIAL_AFTER_CONFLICT = 1_000;

    private final Applier serial;
    private final Grouping grouping;
    private final CommitOrder order = new CommitOrder();
    private final WriteSets writeSets = new WriteSets();
    private final BlockingQueue<Unit> queue;
    private final List<Thread> workers = new ArrayList<>();
    private BooleanSupplier waitingWork = () -> false;
    private Unit building;
    /** The open transaction is applied directly on {@link #serial} (XA, or too large to hold). */
    private boolean streaming;
    private long streamingSeq;
    private boolean open;
    private boolean tolerant;
    private long lastSeq;
    private Position lastDispatched;
    private long pendingOrigin;
    private int dispatchedSinceSettled;
    private long firstPendingNanos;
    private int serialUnits;

    /**
     * @param workers   how many target sessions apply units at once
     * @param committed told each committed checkpoint, in commit order, from the worker that committed it
     */
    public ParallelApplier(ConnectionSettings target, boolean targetBinlog, CheckpointStore store, ApplyOptions options,
                           int workers, Consumer<Position> committed) {
        ApplyOptions oneByOne = new ApplyOptions(options.task(), Grouping.OFF, options.loop(), options.conflicts(),
                options.routes(), options.compareBeforeImage(), options.onConflict());
        this.serial = new Applier(target, targetBinlog, store, oneByOne);
        this.grouping = options.grouping();
        this.queue = new ArrayBlockingQueue<>(workers * 4);
        for (int i = 0; i < workers; i++) {
            Applier a = new Applier(target, targetBinlog, store, oneByOne);
            a.forParallelWorker();
            Thread t = new Thread(new ApplyWorker(options.task(), a, queue, order, committed),
                    "iso2db-" + options.task() + "-apply-" + (i + 1));
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    @Override
    public void connect() {
        serial.connect();
    }

    @Override
    public void waitingWork(BooleanSupplier waiting) {
        this.waitingWork = waiting;
    }

    @Override
    public TableSchema schema(TableId table) {
        return serial.schema(table);
    }

    @Override
    public TableSchema reloadSchema(TableId table) {
        return serial.reloadSchema(table);
    }

    @Override
    public void forgetDefinition(TableId table) {
        serial.forgetDefinition(table);
    }

    @Override
    public void forgetAllDefinitions() {
        serial.forgetAllDefinitions();
    }

    @Override
    public void tolerant(boolean on) {
        this.tolerant = on;
        serial.tolerant(on);
    }

    @Override
    public void gtid(String gtid) {
        serial.gtid(gtid);
    }

    @Override
    public void begin(String gtid, long origin) {
        throwFailure();
        open = true;
        if (building == null) {
            building = new Unit(++lastSeq, gtid, origin, tolerant);
            pendingOrigin = origin;
            if (firstPendingNanos == 0) {
                firstPendingNanos = System.nanoTime();
            }
            if (serialUnits > 0) {
                serialUnits--;
                writeSets.dependOnAll(building);
            }
        }
    }

    @Override
    public boolean beginXa(String gtid, long origin, XaId xid) {
        settle();   // the assembler committed the pending work already; an XA transaction runs alone
        streaming = serial.beginXa(gtid, origin, xid);
        streamingSeq = streaming ? ++lastSeq : 0;
        open = streaming;
        return streaming;
    }

    @Override
    public void prepareXa(XaId xid, Position after) {
        serial.prepareXa(xid, after);
        endStreaming(after);
    }

    @Override
    public void completeXa(XaId xid, boolean commit, Position after) {
        settle();
        serial.completeXa(xid, commit, after);
        order.committed(++lastSeq);
        lastDispatched = after;
    }

    @Override
    public void savepoint(String sql) {
        if (streaming) {
            serial.savepoint(sql);
        } else {
            building.add(new Unit.Savepoint(sql));
        }
    }

    @Override
    public void checks(int flags) {
        if (streaming) {
            serial.checks(flags);
        } else {
            building.add(new Unit.Checks(flags));
        }
    }

    @Override
    public void row(RowOp op) {
        if (streaming) {
            serial.row(op);
            return;
        }
        building.add(op);
        writeSets.add(building, op);
        if (building.rows > MAX_UNIT_ROWS) {
            stream();
        }
    }

    /** The open unit grew too large to hold: once every earlier unit committed, it goes on alone, streaming. */
    private void stream() {
        Unit unit = building;
        building = null;
        lastSeq = unit.seq - 1;
        settle();
        streaming = true;
        streamingSeq = ++lastSeq;
        serial.tolerant(unit.tolerant);
        serial.begin(unit.firstGtid, unit.origin);
        for (Object step : unit.steps) {
            if (step instanceof RowOp op) {
                serial.row(op);
            } else if (step instanceof Unit.Savepoint s) {
                serial.savepoint(s.sql());
            } else if (step instanceof Unit.Checks c) {
                serial.checks(c.flags());
            }
        }
    }

    @Override
    public boolean inTransaction() {
        return open;
    }

    @Override
    public boolean commit(Position position) {
        throwFailure();
        open = false;
        if (streaming) {
            serial.commit(position);
            endStreaming(position);
            return true;   // every earlier unit committed before it: the assembler may report them all
        }
        building.transactionEnd(position);
        if (!grouping.on() || building.transactions >= Math.min(grouping.max(), MAX_UNIT_TRANSACTIONS)
                || !behind() || System.nanoTime() - building.createdNanos >= grouping.delay().toNanos()) {
            dispatch();
        }
        return false;
    }

    private void endStreaming(Position after) {
        streaming = false;
        open = false;
        order.committed(streamingSeq);
        lastDispatched = after;
    }

    private void dispatch() {
        Unit unit = building;
        building = null;
        writeSets.prune(order.committed());
        order.dispatched();
        try {
            queue.put(unit);
        } catch (InterruptedException e) {
            order.finished();
            Thread.currentThread().interrupt();
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Interrupted while handing " + unit + " to a worker");
        }
        lastDispatched = unit.last;
        dispatchedSinceSettled++;
    }

    @Override
    public void rollbackTransaction() {
        if (streaming) {
            serial.rollbackTransaction();
            streaming = false;
        } else if (building != null) {
            building.dropOpenTransaction();
            if (building.transactions == 0) {
                building = null;
                lastSeq--;
            }
        }
        open = false;
    }

    @Override
    public void rollback() {
        building = null;
        streaming = false;
        open = false;
        serial.rollback();
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
        dispatchedSinceSettled = 0;
        firstPendingNanos = 0;
    }

    @Override
    public boolean groupPending() {
        return building != null && building.transactions > 0 || dispatchedSinceSettled > 0;
    }

    @Override
    public boolean groupDue() {
        return groupPending() && (!behind() || dispatchedSinceSettled >= REPORT_EVERY_UNITS
                || System.nanoTime() - firstPendingNanos >= REPORT_EVERY_NANOS);
    }

    /**
     * Whether the task is behind: source events wait, or units are still being applied. (Reading
     * may be slower than handing out units: a source queue that is empty for a moment does not mean
     * the head of the stream was reached.)
     */
    private boolean behind() {
        return waitingWork.getAsBoolean() || order.inFlight() > 0;
    }

    @Override
    public long groupOrigin() {
        return pendingOrigin;
    }

    @Override
    public Position commitGroup() {
        if (building != null && building.transactions > 0) {
            dispatch();
        }
        settle();
        return lastDispatched;
    }

    /** Waits until every unit handed out committed (throws the failure that stopped one). */
    private void settle() {
        try {
            order.awaitSettled(building == null ? lastSeq : building.seq - 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Interrupted while waiting for the apply workers");
        }
        dispatchedSinceSettled = 0;
        firstPendingNanos = 0;
    }

    private void throwFailure() {
        Iso2dbException f = order.failure();
        if (f != null) {
            throw f;
        }
    }

    @Override
    public void createForRows(DdlChange ddl) {
        settle();
        serial.createForRows(ddl);
    }

    @Override
    public void ddl(DdlChange ddl, Position after, long origin) {
        settle();
        serial.ddl(ddl, after, origin);
        order.committed(++lastSeq);
        lastDispatched = after;
    }

    @Override
    public void close() {
        rollback();
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        serial.close();
    }
}
