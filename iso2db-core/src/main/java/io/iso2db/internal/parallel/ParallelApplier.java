package io.iso2db.internal.parallel;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.ApplyEngine;
import io.iso2db.internal.apply.ApplyOptions;
import io.iso2db.internal.apply.Grouping;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.apply.TableDefinitions;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Applies source transactions on several target sessions at once: consecutive transactions form
 * units ({@link Unit}), each unit waits for the earlier units that wrote the same rows and commits
 * in source order, with its checkpoint ({@link UnitDispatcher}). DDL, prepared XA transactions and
 * units too large to hold run alone on a session of their own ({@link SerialLane}) once every
 * earlier unit committed; so do transactions of another loop-control origin (the assembler commits the
 * pending work first). Used from the task's apply thread; the workers run their own.
 */
public final class ParallelApplier implements ApplyEngine {

    /** A unit holding more rows than this is applied alone, streaming, instead of held in memory. */
    static final int MAX_UNIT_ROWS = 5_000;
    /** Source transactions per unit while behind (when grouping): enough to save commits, few enough to spread. */
    static final int MAX_UNIT_TRANSACTIONS = 20;

    private final Applier serial;
    private final Grouping grouping;
    private final UnitDispatcher units;
    private final SerialLane lane;
    private BooleanSupplier waitingWork = () -> false;
    private Unit building;
    private boolean open;
    private boolean tolerant;
    private Position lastDispatched;
    private long pendingOrigin;

    /**
     * @param sessions  how many target sessions apply units at once
     * @param committed told each committed checkpoint, in commit order, from the worker that committed it
     */
    public ParallelApplier(ConnectionSettings target, boolean targetBinlog, CheckpointStore store, ApplyOptions options,
                           int sessions, Consumer<Position> committed) {
        ApplyOptions oneByOne = options.withGrouping(Grouping.OFF);
        this.serial = new Applier(target, targetBinlog, store, oneByOne);
        this.grouping = options.grouping();
        List<Applier> workers = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Applier a = new Applier(target, targetBinlog, store, oneByOne);
            a.forParallelWorker();
            workers.add(a);
        }
        this.units = new UnitDispatcher(options.task(), workers, committed);
        this.lane = new SerialLane(serial, units);
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
    public TableDefinitions definitions() {
        return serial.definitions();
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
            building = units.open(gtid, origin, tolerant);
            pendingOrigin = origin;
        }
    }

    @Override
    public boolean beginXa(String gtid, long origin, XaId xid) {
        open = lane.beginXa(gtid, origin, xid);
        return open;
    }

    @Override
    public void prepareXa(XaId xid, Position after) {
        lane.prepareXa(xid, after);
        open = false;
        lastDispatched = after;
    }

    @Override
    public void completeXa(XaId xid, boolean commit, Position after) {
        lane.completeXa(xid, commit, after);
        lastDispatched = after;
    }

    @Override
    public void savepoint(String sql) {
        if (lane.streaming()) {
            serial.savepoint(sql);
        } else {
            building.add(new Unit.Savepoint(sql));
        }
    }

    @Override
    public void checks(int flags) {
        if (lane.streaming()) {
            serial.checks(flags);
        } else {
            building.add(new Unit.Checks(flags));
        }
    }

    @Override
    public void row(RowOp op) {
        if (lane.streaming()) {
            serial.row(op);
            return;
        }
        building.add(op);
        units.add(building, op);
        if (building.rows > MAX_UNIT_ROWS) {
            Unit unit = building;
            building = null;
            lane.stream(unit);
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
        if (lane.streaming()) {
            lane.commit(position);
            lastDispatched = position;
            return true;   // every earlier unit committed before it: the assembler may report them all
        }
        building.transactionEnd(position);
        if (!grouping.on() || building.transactions >= Math.min(grouping.max(), MAX_UNIT_TRANSACTIONS)
                || !behind() || System.nanoTime() - building.createdNanos >= grouping.delay().toNanos()) {
            dispatch();
        }
        return false;
    }

    private void dispatch() {
        Unit unit = building;
        building = null;
        units.dispatch(unit);
        lastDispatched = unit.last;
    }

    @Override
    public void rollbackTransaction() {
        if (lane.streaming()) {
            lane.rollbackTransaction();
        } else if (building != null) {
            building.dropOpenTransaction();
            if (building.transactions == 0) {
                units.drop(building);
                building = null;
            }
        }
        open = false;
    }

    @Override
    public void rollback() {
        building = null;
        open = false;
        lane.rollback();
        units.abortAll();
    }

    @Override
    public boolean groupPending() {
        return building != null && building.transactions > 0 || units.unitsPending();
    }

    @Override
    public boolean groupDue() {
        return groupPending() && (!behind() || units.reportDue());
    }

    /**
     * Whether the task is behind: source events wait, or units are still being applied. (Reading
     * may be slower than handing out units: a source queue that is empty for a moment does not mean
     * the head of the stream was reached.)
     */
    private boolean behind() {
        return waitingWork.getAsBoolean() || units.inFlight() > 0;
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
        units.settle(building == null ? units.lastSeq() : building.seq - 1);
        return lastDispatched;
    }

    private void throwFailure() {
        if (units.failure() != null) {
            throw units.failure();
        }
    }

    @Override
    public void createForRows(DdlChange ddl, SourceSession source) {
        lane.createForRows(ddl, source);
    }

    @Override
    public void ddl(DdlChange ddl, SourceSession source, Position after, long origin) {
        lane.ddl(ddl, source, after, origin);
        lastDispatched = after;
    }

    @Override
    public void close() {
        rollback();
        units.close();
        serial.close();
    }
}
