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
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.ddl.WrittenTables;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.event.Transaction;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.RowOp;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups binlog events into transactions: GTID → (TABLE_MAP, ROWS)* → XID (or COMMIT) becomes one
 * target transaction; a DDL QUERY is applied on its own. Rows stream to the {@link Applier} as they
 * arrive, so a transaction's size is not bounded by memory. Positions advance only at commit
 * points. One instance per binlog connection; used from the binlog thread only.
 */
public final class TransactionAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionAssembler.class);
    private static final int PERSIST_SKIPPED_EVERY = 1000;

    private final Filter filter;
    private final Applier applier;
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
    private boolean skipStatementChanges;
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
    public TransactionAssembler(Filter filter, Applier applier, GtidTracker gtids, Position start,
                                boolean tolerantRowsInWindow, Set<Long> ignoredThreads, OriginTracker origins,
                            AssemblerEvents events) {
        this.ignoredThreads = Set.copyOf(ignoredThreads);
        this.origins = origins;
        this.filter = filter;
        this.applier = applier;
        this.gtids = gtids;
        this.events = events;
        this.decoder = new RowDecoder(applier);
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
                requireFullImage(d.getTableId(), d.getIncludedColumns());
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.INSERT, null, row, header);
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData d = (UpdateRowsEventData) FlaggedRows.unwrap(event.getData());
                requireFullImage(d.getTableId(), d.getIncludedColumnsBeforeUpdate());
                requireFullImage(d.getTableId(), d.getIncludedColumns());
                for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                    row(d.getTableId(), Operation.UPDATE, row.getKey(), row.getValue(), header);
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData d = (DeleteRowsEventData) FlaggedRows.unwrap(event.getData());
                requireFullImage(d.getTableId(), d.getIncludedColumns());
                for (Serializable[] row : d.getRows()) {
                    row(d.getTableId(), Operation.DELETE, row, null, header);
                }
            }
            case XID -> commit(header);
            case XA_PREPARE -> xaPrepare();
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
        switch (TransactionStatements.kind(sql)) {
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
            case DDL -> {
                Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql);
                if (!ignoredTransaction && ddl.isPresent() && filter.includesTable(ddl.get().table())) {
                    throw unsupported("a DDL statement inside a transaction (CREATE TABLE ... SELECT logs the table's"
                            + " creation and its rows as one transaction)", q, sql, "Create the table first and fill it"
                            + " with INSERT ... SELECT, or create and copy it on the target, then restart from a"
                            + " position after this transaction.");
                }
            }
            case STATEMENT -> {
                if (ignoredTransaction || !WrittenTables.mayChange(filter, q.getDatabase(), sql)) {
                    return;
                }
                if (skipStatementChanges) {
                    LOG.warn("Skipped a change the source logged as an SQL statement (GTID {}, database {}): {}",
                            gtids.pendingGtid(), q.getDatabase(), TransactionStatements.excerpt(sql));
                    return;
                }
                throw unsupported("a change logged as an SQL statement, not as rows (that session ran with"
                        + " binlog_format STATEMENT or MIXED)", q, sql, "Make every session that writes replicated"
                        + " tables log rows (binlog_format=ROW, globally, then reconnect the applications), bring the"
                        + " target's copy of the rows it changed up to date, and restart; or skip such statements"
                        + " with skipStatementLoggedChanges(true).");
            }
            default -> throw new IllegalStateException();
        }
    }

    private Iso2dbException unsupported(String what, QueryEventData q, String sql, String wayOut) {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtids.pendingGtid()
                + " (at " + position() + ") holds " + what + ", which iso2db cannot apply exactly; the task stopped"
                + " before it, so the target does not differ silently.\n  database: " + q.getDatabase()
                + "\n  statement: " + TransactionStatements.excerpt(sql) + "\n" + wayOut);
    }

    /** Turns on skipping (with a warning) of changes the source logged as statements. */
    public void skipStatementLoggedChanges(boolean on) {
        this.skipStatementChanges = on;
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
            refuseUnreplicable(q, sql, included);
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

    /** A DDL statement whose result iso2db could not keep equal stops the task before it is applied. */
    private void refuseUnreplicable(QueryEventData q, String sql, boolean included) {
        String kind = DdlParser.unsupportedTable(sql);
        if (included && kind != null) {
            throw unsupported(kind + ", which iso2db does not replicate yet", q, sql, "Exclude the table with"
                    + " excludeTables(...) (and create it on the target yourself), then restart from a position"
                    + " after this statement.");
        }
        for (TableId[] move : DdlParser.renames(q.getDatabase(), sql)) {
            if (!filter.includesTable(move[0]) && filter.includesTable(move[1])) {
                throw unsupported("RENAME of " + move[0] + " (not replicated) to " + move[1] + " (replicated): the"
                        + " table arrives with rows iso2db never saw", q, sql, "Copy " + move[1] + " to the target"
                        + " (an export of that one table, or by hand; if it was empty, create it from SHOW CREATE"
                        + " TABLE), then restart from a position after this statement.");
            }
        }
    }

    /**
     * Rows are decoded by position against the table's columns: an image that leaves columns out
     * (a session with {@code binlog_row_image=MINIMAL} or {@code NOBLOB}) cannot be placed exactly.
     */
    private void requireFullImage(long tableId, java.util.BitSet included) {
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null || included == null || included.cardinality() == tm.getColumnTypes().length
                || ignoredTransaction || !filter.includesTable(new TableId(tm.getDatabase(), tm.getTable()))) {
            return;
        }
        throw new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtids.pendingGtid()
                + " (at " + position() + ") logged rows of " + tm.getDatabase() + "." + tm.getTable() + " with "
                + included.cardinality() + " of its " + tm.getColumnTypes().length + " columns: the session that wrote"
                + " it ran with binlog_row_image MINIMAL or NOBLOB, although the server's global setting is FULL."
                + " iso2db needs every column of every row to apply it exactly; the task stopped before it. Make every"
                + " session log full row images (do not change binlog_row_image per session), bring the target's copy"
                + " of those rows up to date, and restart from a position after this transaction.");
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

    /**
     * XA PREPARE ends an event group whose COMMIT or ROLLBACK comes later, as a group of its own.
     * Holding prepared changes across restarts is not built: one that changes replicated tables stops the task.
     */
    private void xaPrepare() {
        inTransaction = false;
        if (applier.inTransaction()) {
            throw new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtids.pendingGtid()
                    + " (at " + position() + ") is a prepared XA transaction (XA PREPARE) that changes replicated"
                    + " tables " + touched + ". iso2db does not replicate prepared XA transactions yet: whether they"
                    + " commit is decided later, and applying them now could land a transaction that is rolled back."
                    + " The task stopped before it. Commit such transactions with XA COMMIT ... ONE PHASE or as"
                    + " plain transactions, or exclude the tables, then restart from a position after it.");
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
