package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.loop.OriginTracker;
import io.iso2db.internal.source.FlaggedRows;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.internal.source.SkippedRows;
import io.iso2db.internal.source.XaGtid;
import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Groups binlog events into transactions: GTID → (TABLE_MAP, ROWS)* → XID (or COMMIT) becomes one
 * target transaction; a DDL QUERY is applied on its own ({@link StatementEvents}). Rows stream to
 * the {@link TransactionSink} as they arrive, so a transaction's size is not bounded by memory.
 * Positions advance only when a unit ends ({@link Commits}). One instance per binlog connection;
 * used from the session's apply thread only.
 */
public final class TransactionAssembler {

    private final Filter filter;
    private final TransactionSink applier;
    private final GtidTracker gtids;
    private final RowDecoder decoder;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private final boolean tolerantRowsInWindow;
    private final ExactnessGuard guard;
    private final OpenTransaction tx;
    private final Commits commits;
    private final StatementEvents statements;
    private String file;
    private long next;
    /** Columns logged by the rows event being read, when it leaves some out; else null. */
    private BitSet loggedBefore;
    private BitSet loggedAfter;

    /**
     * @param start                where reading starts (file part may be absent in GTID mode)
     * @param tolerantRowsInWindow whether the first transaction is applied idempotently (at-least-once stores)
     * @param origins              loop control, or null when off
     */
    public TransactionAssembler(Filter filter, TransactionSink applier, GtidTracker gtids, Position start,
                                boolean tolerantRowsInWindow, Set<Long> ignoredThreads, OriginTracker origins,
                                AssemblerEvents events) {
        this.filter = filter;
        this.applier = applier;
        this.gtids = gtids;
        this.decoder = new RowDecoder(applier);
        this.guard = new ExactnessGuard(filter, gtids::lastRead, this::position);
        this.tolerantRowsInWindow = tolerantRowsInWindow;
        this.tx = new OpenTransaction(origins);
        this.commits = new Commits(applier, events, gtids, tx, this::position);
        this.statements = new StatementEvents(filter, applier, gtids, tx, commits, guard, ignoredThreads, events,
                this::position, tableMaps::clear);
        this.file = start.binlogFile().orElse(null);
        this.next = start.offset();
    }

    public void accept(Event event) {
        idle();
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        if (type == EventType.ROTATE) {
            RotateEventData r = event.getData();
            file = r.getBinlogFilename();
            next = r.getBinlogPosition();
            return;
        }
        if (header.getNextPosition() > 0) {
            next = header.getNextPosition();
        }
        if (event.getData() instanceof SkippedRows) {
            // a filtered table first: the transaction was not applied by iso2db (its marker would come first)
            tx.firstRows(null, null, header.getTimestamp());
            return;
        }
        if (event.getData() instanceof FlaggedRows || tx.rowFlags != 0) {
            tx.rowFlags = FlaggedRows.of(event.getData());   // applied with the next row; plain rows events clear them
        }
        switch (type) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                // the GTID's server id is the event header's; the client leaves the data's at 0
                gtid(g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence());
                tx.open = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
                tx.preparedXa = g instanceof XaGtid xa && xa.preparesXa()
                        ? new XaId(xa.gtrid(), xa.bqual(), xa.formatId()) : null;
            }
            case GTID -> gtid(((GtidEventData) event.getData()).getMySqlGtid().toString());
            case QUERY -> statements.query(event.getData(), header);
            case TABLE_MAP -> {
                TableMapEventData tm = event.getData();
                tableMaps.put(tm.getTableId(), tm);
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = (WriteRowsEventData) FlaggedRows.unwrap(event.getData());
                logged(d.getTableId(), null, d.getIncludedColumns());
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.INSERT, null, row, header);
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = (UpdateRowsEventData) FlaggedRows.unwrap(event.getData());
                logged(d.getTableId(), d.getIncludedColumnsBeforeUpdate(), d.getIncludedColumns());
                for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                    row(d.getTableId(), Operation.UPDATE, row.getKey(), row.getValue(), header);
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = (DeleteRowsEventData) FlaggedRows.unwrap(event.getData());
                logged(d.getTableId(), d.getIncludedColumns(), null);
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.DELETE, row, null, header);
                }
            }
            case XID -> commits.transactionEnd(header.getTimestamp());
            case XA_PREPARE -> xaPrepare(event.getData(), header.getTimestamp());
            case INCIDENT -> throw commits.stopping(guard.incident());
            default -> commits.reportPosition();
        }
    }

    private void gtid(String gtid) {
        gtids.pending(gtid);
        tx.next();
        tx.ignored = !filter.includesTransaction(gtid);
    }

    /** Whether {@code event} begins a source transaction or statement while none is open (a place to hold at). */
    public boolean beginsTransaction(Event event) {
        EventType type = event.getHeader().getEventType();
        boolean begins = type == EventType.MARIADB_GTID || type == EventType.GTID || type == EventType.ANONYMOUS_GTID
                || (type == EventType.QUERY && "BEGIN".equalsIgnoreCase(
                        ((com.github.shyiko.mysql.binlog.event.QueryEventData) event.getData()).getSql()));
        return begins && !tx.open && !applier.inTransaction();
    }

    /** Where {@code event} begins in the binlog; null before the first rotate event named the file. */
    public Position startOf(Event event) {
        EventHeaderV4 h = event.getHeader();
        long start = h.getNextPosition() > 0 ? h.getNextPosition() - h.getEventLength() : next;
        return file == null ? null : Position.file(file, start);
    }

    /** Commits the transactions that wait in a group, if any. */
    public void commitGroupIfPending() {
        commits.commitGroupIfPending();
    }

    /** Commits the waiting group once it is due; called between events and when none arrive. */
    public void idle() {
        if (!applier.inTransaction() && applier.groupDue()) {
            commits.commitGroup();
        }
    }

    /**
     * How to read the definition of a table the source holds empty now: a table renamed into the
     * replicated set empty is then created on the target (else the task stops at such a RENAME).
     */
    public void sourceTables(java.util.function.Function<TableId, java.util.Optional<String>> emptyTableDefinitions) {
        statements.sourceTables(emptyTableDefinitions);
    }

    /** Turns on skipping (with a warning) of changes the source logged as statements. */
    public void skipStatementLoggedChanges(boolean on) {
        guard.skipStatementLoggedChanges(on);
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
            throw new IllegalStateException("Rows event for unknown table id " + tableId + " at " + position());
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
        if (!applier.inTransaction()) {
            if (applier.groupPending() && (applier.groupOrigin() != tx.origin() || tx.preparedXa != null)) {
                // a target transaction is read back as one: it must have one origin; an XA one is alone
                commits.commitGroup();
            }
            applier.tolerant(commits.firstUnit() && tolerantRowsInWindow);
            if (tx.preparedXa == null) {
                applier.begin(gtids.pendingGtid(), tx.origin());
            } else if (!applier.beginXa(gtids.pendingGtid(), tx.origin(), tx.preparedXa)) {
                tx.ignored = true;   // prepared on the target before a restart
                return;
            }
            tx.savepoints.forEach(applier::savepoint);
            tx.savepoints.clear();
        }
        applier.checks(tx.rowFlags);
        applier.row(decoded);
        tx.touched.add(table);
        tx.rows++;
        tx.byOperation[decoded.op().ordinal()]++;
    }

    /**
     * XA PREPARE ends an event group whose COMMIT or ROLLBACK comes later, as a group of its own; the
     * target prepares its copy. MySQL logs {@code XA COMMIT ... ONE PHASE} with this event too: that
     * is a plain commit.
     */
    private void xaPrepare(XAPrepareEventData data, long timestampMillis) {
        if (data != null && data.isOnePhase()) {
            commits.transactionEnd(timestampMillis);
            return;
        }
        tx.open = false;
        if (applier.inTransaction() && tx.preparedXa == null) {
            // rows were applied as a plain transaction: the source did not flag the group at its start (MySQL)
            throw guard.xaPrepared(tx.touched);
        }
        gtids.commit();
        if (!applier.inTransaction()) {
            commits.skipped(position());
            return;
        }
        applier.prepareXa(tx.preparedXa, position());
        commits.ended(true);
    }

    /** The current position between transactions. */
    public Position position() {
        return Position.of(file, next, gtids.current());
    }
}
