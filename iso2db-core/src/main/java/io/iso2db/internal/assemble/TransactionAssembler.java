package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.event.Transaction;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.loop.OriginTracker;
import io.iso2db.internal.source.FlaggedRows;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.internal.source.SkippedRows;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Groups binlog events into transactions: GTID → (TABLE_MAP, ROWS)* → XID (or COMMIT) becomes one
 * target transaction; a DDL QUERY is applied on its own. Rows stream to the {@link TransactionSink} as they
 * arrive, so a transaction's size is not bounded by memory. Positions advance only at commit
 * points. One instance per binlog connection; used from the session's apply thread only.
 */
public final class TransactionAssembler {

    private static final int PERSIST_SKIPPED_EVERY = 1000;

    private final Filter filter;
    private final TransactionSink applier;
    private final GtidTracker gtids;
    private final AssemblerEvents events;
    private final RowDecoder decoder;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    private final Set<TableId> touched = new LinkedHashSet<>();
    private final boolean tolerantRowsInWindow;
    private final Set<Long> ignoredThreads;
    /** Loop control, or null when off. */
    private final OriginTracker origins;
    /** SAVEPOINTs of the open transaction seen before its first applied row. */
    private final java.util.List<String> savepoints = new java.util.ArrayList<>();
    private final ExactnessGuard guard;
    /** Check flags of the rows event being read ({@link FlaggedRows}). */
    private int rowFlags;
    /** A rows event of the open transaction was seen (the marker must be the first). */
    private boolean rowsSeen;
    /** Where the open transaction was first written (loop control). */
    private long origin;
    /** The open transaction was started by an ignored connection (known from its BEGIN event). */
    private boolean ignoredTransaction;
    private String file;
    private long next;
    private boolean inTransaction;
    private long rows;
    private boolean firstUnit = true;
    private int skippedSincePersist;
    /** Transactions in the open group: told to the task only once the group is committed. */
    private final java.util.List<Transaction> awaitingCommit = new java.util.ArrayList<>();

    /**
     * @param start                where reading starts (file part may be absent in GTID mode)
     * @param tolerantRowsInWindow whether the first transaction is applied idempotently (at-least-once stores)
     */
    public TransactionAssembler(Filter filter, TransactionSink applier, GtidTracker gtids, Position start,
                                boolean tolerantRowsInWindow, Set<Long> ignoredThreads, OriginTracker origins,
                            AssemblerEvents events) {
        this.ignoredThreads = Set.copyOf(ignoredThreads);
        this.origins = origins;
        this.filter = filter;
        this.applier = applier;
        this.gtids = gtids;
        this.events = events;
        this.decoder = new RowDecoder(applier);
        this.guard = new ExactnessGuard(filter, gtids::pendingGtid, this::position);
        this.tolerantRowsInWindow = tolerantRowsInWindow;
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
            firstRows(null, null, header);
            return;
        }
        if (event.getData() instanceof FlaggedRows || rowFlags != 0) {
            rowFlags = FlaggedRows.of(event.getData());   // applied with the next row; plain rows events clear them
        }
        switch (type) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                // the GTID's server id is the event header's; the client leaves the data's at 0
                gtids.pending(g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence());
                newTransaction();
                ignoredTransaction = !filter.includesTransaction(gtids.pendingGtid());
                inTransaction = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
            }
            case GTID -> {
                gtids.pending(((GtidEventData) event.getData()).getMySqlGtid().toString());
                newTransaction();
                ignoredTransaction = !filter.includesTransaction(gtids.pendingGtid());
            }
            case QUERY -> query(event.getData(), header);
            case TABLE_MAP -> {
                TableMapEventData tm = event.getData();
                tableMaps.put(tm.getTableId(), tm);
            }
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData d = (WriteRowsEventData) FlaggedRows.unwrap(event.getData());
                fullImage(d.getTableId(), d.getIncludedColumns());
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.INSERT, null, row, header);
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = (UpdateRowsEventData) FlaggedRows.unwrap(event.getData());
                fullImage(d.getTableId(), d.getIncludedColumnsBeforeUpdate());
                fullImage(d.getTableId(), d.getIncludedColumns());
                for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                    row(d.getTableId(), Operation.UPDATE, row.getKey(), row.getValue(), header);
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = (DeleteRowsEventData) FlaggedRows.unwrap(event.getData());
                fullImage(d.getTableId(), d.getIncludedColumns());
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.DELETE, row, null, header);
                }
            }
            case XID -> commit(header);
            case XA_PREPARE -> xaPrepare();
            case INCIDENT -> throw stopping(guard.incident());
            default -> {
                if (!inTransaction && file != null && !applier.groupPending()) {
                    events.processed(position(), false);
                }
            }
        }
    }

    /** Commits the waiting group once it is old enough; called between events and when none arrive. */
    public void idle() {
        if (!applier.inTransaction() && applier.groupDue()) {
            commitGroup();
        }
    }

    private void query(QueryEventData q, EventHeaderV4 header) {
        String sql = q.getSql().trim();
        String upper = sql.length() > 12 ? sql.substring(0, 12).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
            inTransaction = true;
            ignoredTransaction |= ignoredThreads.contains(q.getThreadId());
        } else if (upper.equals("COMMIT") || upper.startsWith("XA COMMIT")) {
            commit(header);
        } else if (upper.equals("ROLLBACK")) {
            if (applier.inTransaction()) {
                applier.rollback();
            }
            finishUnit(false);
        } else if (!inTransaction) {
            ddl(q, sql, header);
        } else {
            inTransaction(q, sql);
        }
    }

    /** A QUERY event between BEGIN and COMMIT: a savepoint, or a change iso2db cannot apply as rows. */
    private void inTransaction(QueryEventData q, String sql) {
        TransactionStatements.Kind kind = TransactionStatements.kind(sql);
        switch (kind) {
            case SAVEPOINT -> {
                if (applier.inTransaction()) {
                    applier.savepoint(sql);
                } else if (!ignoredTransaction) {
                    savepoints.add(sql);   // replayed once the transaction's first row opens the target transaction
                }
            }
            case ROLLBACK_TO -> {
                if (applier.inTransaction()) {
                    applier.savepoint(sql);
                }
            }
            case XA_END, TEMPORARY -> {
            }
            case DDL, STATEMENT -> {
                if (!ignoredTransaction && !(kind == TransactionStatements.Kind.DDL && createForRows(q, sql))) {
                    try {
                        guard.statementInTransaction(q, sql, kind);
                    } catch (Iso2dbException e) {
                        throw stopping(e);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * The CREATE TABLE that opens a {@code CREATE TABLE ... SELECT} transaction: the table is created
     * now, its rows follow in the same source transaction. Returns false for any other DDL (and with
     * loop control, where the creation and its rows could not be told apart from an echo).
     */
    private boolean createForRows(QueryEventData q, String sql) {
        Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql);
        if (origins != null || ddl.isEmpty() || !DdlParser.isCreateTable(ddl.get())
                || !filter.includesTable(ddl.get().table()) || applier.inTransaction()) {
            return false;
        }
        if (applier.groupPending()) {
            commitGroup();
        }
        applier.gtid(gtids.pendingGtid());
        applier.createForRows(ddl.get());
        return true;
    }

    /**
     * Before the task stops at an event it cannot apply: the complete transactions waiting for their
     * group's commit are committed, so the target and the checkpoint stand right before that event
     * (unless rows of the open transaction already share their target transaction).
     */
    private Iso2dbException stopping(Iso2dbException e) {
        if (applier.groupPending() && !applier.inTransaction()) {
            commitGroup();
        }
        return e;
    }

    /** Turns on skipping (with a warning) of changes the source logged as statements. */
    public void skipStatementLoggedChanges(boolean on) {
        guard.skipStatementLoggedChanges(on);
    }

    private void ddl(QueryEventData q, String sql, EventHeaderV4 header) {
        inTransaction = false;
        gtids.commit();
        Position after = position();
        long ddlOrigin = origins == null ? 0 : origins.ddl(sql, q.getThreadId(), header.getTimestamp());
        Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql);
        boolean included = ddl.isPresent() && (DdlParser.isDatabaseLevel(ddl.get())
                ? filter.includesDatabase(ddl.get().table().database())
                : filter.includesTable(ddl.get().table()));
        boolean applies = !ignoredTransaction && !ignoredThreads.contains(q.getThreadId()) && ddlOrigin >= 0;
        boolean replicated = included && applies;
        if (applies) {
            try {
                guard.ddl(q, sql, included);
            } catch (Iso2dbException e) {
                throw stopping(e);
            }
        }
        if (!replicated && (included || DdlParser.isRename(ddl.orElse(null)))) {
            // not applied (an echo, an ignored connection), yet the target's table may have changed all the same
            if (applier.groupPending()) {
                commitGroup();
            }
            if (DdlParser.isDatabaseLevel(ddl.get()) || DdlParser.isRename(ddl.get())) {
                applier.forgetAllDefinitions();
            } else {
                applier.forgetDefinition(ddl.get().table());
            }
        }
        if (replicated) {
            if (applier.groupPending()) {
                commitGroup();
            }
            applier.tolerant(firstUnit);
            applier.gtid(gtids.current());
            applier.ddl(ddl.get(), after, ddlOrigin);
            tableMaps.clear();
            events.ddlApplied(ddl.get(), after);
            finishUnit(true);
        } else {
            skipped(after);
        }
    }

    private void fullImage(long tableId, java.util.BitSet included) {
        if (!ignoredTransaction) {
            try {
                guard.fullImage(tableMaps.get(tableId), included);
            } catch (Iso2dbException e) {
                throw stopping(e);
            }
        }
    }

    private void row(long tableId, Operation op, Serializable[] before, Serializable[] after, EventHeaderV4 header) {
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null) {
            throw new IllegalStateException("Rows event for unknown table id " + tableId + " at " + position());
        }
        TableId table = new TableId(tm.getDatabase(), tm.getTable());
        firstRows(table, after != null ? after : before, header);
        if (ignoredTransaction || !filter.includesTable(table) || table.equals(Marker.TABLE)) {
            return;
        }
        RowOp decoded = decoder.decode(table, tm, op, before, after);
        if (!filter.includesRow(decoder.toChange(decoded))) {
            return;
        }
        if (!applier.inTransaction()) {
            if (applier.groupPending() && applier.groupOrigin() != origin) {
                commitGroup();   // a target transaction is read back as one: it must have one origin
            }
            applier.tolerant(firstUnit && tolerantRowsInWindow);
            applier.begin(gtids.pendingGtid(), origin);
            savepoints.forEach(applier::savepoint);
            savepoints.clear();
        }
        applier.checks(rowFlags);
        applier.row(decoded);
        touched.add(table);
        rows++;
    }

    /** Forgets the previous transaction's origin: the next one's is decided at its own first rows event. */
    private void newTransaction() {
        rowsSeen = false;
        savepoints.clear();
        origin = origins == null ? 0 : origins.local();
    }

    /**
     * Decides the open transaction's origin at its first rows event, whatever table that event is
     * for: a transaction iso2db applied always starts with its marker, so any other first table
     * means the transaction was written in the source region.
     */
    private void firstRows(TableId table, Serializable[] image, EventHeaderV4 header) {
        if (rowsSeen) {
            return;
        }
        rowsSeen = true;
        if (origins == null) {
            return;
        }
        origin = origins.local();
        if (Marker.TABLE.equals(table)) {
            origin = origins.markerFirst(image, header.getTimestamp());
            ignoredTransaction |= origin < 0;
        }
    }

    private void commit(EventHeaderV4 header) {
        inTransaction = false;
        String gtid = gtids.pendingGtid();
        gtids.commit();
        Position p = position();
        if (applier.inTransaction()) {
            Transaction t = new Transaction(gtid, p, Set.copyOf(touched), rows,
                    Instant.ofEpochMilli(header.getTimestamp()), Instant.now());
            if (applier.commit(p)) {
                awaitingCommit.forEach(events::committed);
                awaitingCommit.clear();
                events.committed(t);
                finishUnit(true);
            } else {
                awaitingCommit.add(t);
                finishUnit(false);
            }
        } else {
            skipped(p);
        }
    }

    /** XA PREPARE ends an event group whose COMMIT or ROLLBACK comes later, as a group of its own. */
    private void xaPrepare() {
        inTransaction = false;
        if (applier.inTransaction()) {
            throw guard.xaPrepared(touched);
        }
        gtids.commit();
        skipped(position());
    }

    /** Commits the waiting group and tells the task about its transactions. */
    private void commitGroup() {
        Position committed = applier.commitGroup();
        Instant now = Instant.now();
        for (Transaction t : awaitingCommit) {
            events.committed(new Transaction(t.gtid(), t.position(), t.tables(), t.rows(), t.sourceCommitted(), now));
        }
        awaitingCommit.clear();
        firstUnit = false;
        skippedSincePersist = 0;
        events.processed(committed, true);
        if (file != null && !inTransaction) {
            events.processed(position(), false);
        }
    }

    private void skipped(Position p) {
        ignoredTransaction = false;
        newTransaction();
        if (++skippedSincePersist >= PERSIST_SKIPPED_EVERY) {
            applier.begin(null, 0);
            finishUnit(applier.commit(p));
        } else if (!applier.groupPending()) {
            events.processed(p, false);
        }
    }

    private void finishUnit(boolean persisted) {
        ignoredTransaction = false;
        newTransaction();
        touched.clear();
        rows = 0;
        if (persisted) {
            firstUnit = false;
            skippedSincePersist = 0;
            applier.tolerant(false);
            events.processed(position(), true);
        }
    }

    /** The current position between transactions. */
    public Position position() {
        return Position.of(file, next, gtids.current());
    }
}
