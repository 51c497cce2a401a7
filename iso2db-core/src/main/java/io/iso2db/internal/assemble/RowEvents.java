package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.iso2db.Position;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.source.FlaggedRows;
import io.iso2db.internal.source.GtidTracker;
import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The table maps and rows events of a binlog connection: each row decoded against the target's
 * definition, filtered, and handed to the sink, which opens the target transaction at the first
 * row it applies (committing a waiting group first when origins differ or an XA transaction starts).
 */
final class RowEvents {

    private final Filter filter;
    private final TransactionSink applier;
    private final GtidTracker gtids;
    private final RowDecoder decoder;
    private final OpenTransaction tx;
    private final Commits commits;
    private final ExactnessGuard guard;
    private final boolean tolerantRowsInWindow;
    private final Supplier<Position> position;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    /** Columns logged by the rows event being read, when it leaves some out; else null. */
    private BitSet loggedBefore;
    private BitSet loggedAfter;

    RowEvents(Filter filter, TransactionSink applier, GtidTracker gtids, OpenTransaction tx, Commits commits,
              ExactnessGuard guard, boolean tolerantRowsInWindow, Supplier<Position> position) {
        this.filter = filter;
        this.applier = applier;
        this.gtids = gtids;
        this.decoder = new RowDecoder(applier);
        this.tx = tx;
        this.commits = commits;
        this.guard = guard;
        this.tolerantRowsInWindow = tolerantRowsInWindow;
        this.position = position;
    }

    void tableMap(TableMapEventData tm) {
        tableMaps.put(tm.getTableId(), tm);
    }

    /** Forgets the table maps (table ids mean nothing after a DDL statement or in another binlog file). */
    void clearTableMaps() {
        tableMaps.clear();
    }

    void written(EventData data, EventHeaderV4 header) {
        WriteRowsEventData d = (WriteRowsEventData) FlaggedRows.unwrap(data);
        logged(d.getTableId(), null, d.getIncludedColumns());
        for (Serializable[] row : d.getRows()) {
            row(d.getTableId(), Operation.INSERT, null, row, header);
        }
    }

    void updated(EventData data, EventHeaderV4 header) {
        UpdateRowsEventData d = (UpdateRowsEventData) FlaggedRows.unwrap(data);
        logged(d.getTableId(), d.getIncludedColumnsBeforeUpdate(), d.getIncludedColumns());
        for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
            row(d.getTableId(), Operation.UPDATE, row.getKey(), row.getValue(), header);
        }
    }

    void deleted(EventData data, EventHeaderV4 header) {
        DeleteRowsEventData d = (DeleteRowsEventData) FlaggedRows.unwrap(data);
        logged(d.getTableId(), d.getIncludedColumns(), null);
        for (Serializable[] row : d.getRows()) {
            row(d.getTableId(), Operation.DELETE, row, null, header);
        }
    }

    /**
     * The columns the rows event logged, kept only when an image leaves columns out (a session with
     * {@code binlog_row_image} MINIMAL or NOBLOB): its rows are then decoded as partial images.
     */
    private void logged(long tableId, BitSet before, BitSet after) {
        TableMapEventData tm = tableMaps.get(tableId);
        int columns = tm == null ? 0 : tm.getColumnTypes().length;
        boolean partial = before != null && before.cardinality() < columns || after != null && after.cardinality() < columns;
        loggedBefore = partial ? before : null;
        loggedAfter = partial ? after : null;
    }

    private void row(long tableId, Operation op, Serializable[] before, Serializable[] after, EventHeaderV4 header) {
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null) {
            throw new IllegalStateException("Rows event for unknown table id " + tableId + " at " + position.get());
        }
        TableId table = new TableId(tm.getDatabase(), tm.getTable());
        tx.firstRows(table, after != null ? after : before, header.getTimestamp());
        if (tx.ignored || !filter.includesTable(table) || table.equals(Marker.TABLE)) {
            return;
        }
        RowOp decoded = loggedBefore == null && loggedAfter == null ? decoder.decode(table, tm, op, before, after)
                : decoder.decodePartial(table, tm, op, before, loggedBefore, after, loggedAfter);
        if (decoded == null) {
            throw commits.stopping(guard.partialImageWithoutKey(tm, loggedBefore));
        }
        if (!filter.includesRow(decoder.toChange(decoded))) {
            return;
        }
        if (!applier.inTransaction() && !begin()) {
            return;
        }
        applier.checks(tx.rowFlags);
        applier.row(decoded);
        tx.touched.add(table);
        tx.rows++;
        tx.byOperation[decoded.op().ordinal()]++;
    }

    /** Opens the target transaction at its first applied row; false when it is prepared there already. */
    private boolean begin() {
        if (applier.groupPending() && (applier.groupOrigin() != tx.origin() || tx.preparedXa != null)) {
            // a target transaction is read back as one: it must have one origin; an XA one is alone
            commits.commitGroup();
        }
        applier.tolerant(commits.firstUnit() && tolerantRowsInWindow);
        if (tx.preparedXa == null) {
            applier.begin(gtids.pendingGtid(), tx.origin());
        } else if (!applier.beginXa(gtids.pendingGtid(), tx.origin(), tx.preparedXa)) {
            tx.ignored = true;   // prepared on the target before a restart
            return false;
        }
        tx.savepoints.forEach(applier::savepoint);
        tx.savepoints.clear();
        return true;
    }
}
