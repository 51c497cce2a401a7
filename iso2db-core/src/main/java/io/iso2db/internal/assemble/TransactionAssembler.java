package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import io.iso2db.Position;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.loop.OriginTracker;
import io.iso2db.internal.source.FlaggedRows;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.internal.source.SkippedRows;
import io.iso2db.internal.source.MariaGtid;
import java.util.Set;

/**
 * Groups binlog events into transactions: GTID → (TABLE_MAP, ROWS)* → XID (or COMMIT) becomes one
 * target transaction; a DDL QUERY is applied on its own ({@link StatementEvents}). Rows stream to
 * the {@link TransactionSink} as they arrive, so a transaction's size is not bounded by memory.
 * Positions advance only when a unit ends ({@link Commits}). One instance per binlog connection;
 * used from the session's apply thread only.
 */
public final class TransactionAssembler {

    /** LOG_EVENT_IGNORABLE_F: a replica that does not know the event's type may pass it over. */
    private static final int IGNORABLE = 0x80;

    private final Filter filter;
    private final TransactionSink applier;
    private final GtidTracker gtids;
    private final ExactnessGuard guard;
    private final OpenTransaction tx;
    private final Commits commits;
    private final RowEvents rows;
    private final StatementEvents statements;
    private String file;
    private long next;

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
        this.guard = new ExactnessGuard(filter, gtids::lastRead, this::position);
        this.tx = new OpenTransaction(origins);
        this.commits = new Commits(applier, events, gtids, tx, this::position);
        this.rows = new RowEvents(filter, applier, gtids, tx, commits, guard, tolerantRowsInWindow, this::position);
        this.statements = new StatementEvents(filter, applier, gtids, tx, commits, guard, ignoredThreads, events,
                this::position, rows::clearTableMaps);
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
        if (type == null) {
            unknown(header);
            return;
        }
        switch (type) {
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                // the GTID's server id is the event header's; the client leaves the data's at 0
                gtid(g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence());
                tx.open = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
                tx.preparedXa = g instanceof MariaGtid xa && xa.preparesXa()
                        ? new XaId(xa.gtrid(), xa.bqual(), xa.formatId()) : null;
                tx.alterPhaseOnly = g instanceof MariaGtid m && m.alterPhaseOnly();
                tx.fromMariaDb = true;
            }
            case GTID -> gtid(((GtidEventData) event.getData()).getMySqlGtid().toString());
            case QUERY, EXECUTE_LOAD_QUERY -> statements.query(event.getData(), header);
            case TABLE_MAP -> rows.tableMap(event.getData());
            case WRITE_ROWS, EXT_WRITE_ROWS -> rows.written(event.getData(), header);
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> rows.updated(event.getData(), header);
            case DELETE_ROWS, EXT_DELETE_ROWS -> rows.deleted(event.getData(), header);
            case XID -> commits.transactionEnd(header.getTimestamp());
            case XA_PREPARE -> xaPrepare(event.getData(), header.getTimestamp());
            case INCIDENT -> throw commits.stopping(guard.incident());
            case TRANSACTION_PAYLOAD -> throw commits.stopping(guard.unreadable("a compressed transaction",
                    "binlog_transaction_compression=ON", "SET GLOBAL binlog_transaction_compression = OFF"));
            case PARTIAL_UPDATE_ROWS_EVENT -> throw commits.stopping(guard.unreadable("an update of part of a JSON"
                    + " value", "binlog_row_value_options=PARTIAL_JSON", "SET GLOBAL binlog_row_value_options = ''"));
            default -> commits.reportPosition();
        }
    }

    /** An event of a type the binlog client has no name for: passed over only when the source says a replica may. */
    private void unknown(EventHeaderV4 header) {
        if ((header.getFlags() & IGNORABLE) == 0) {
            throw commits.stopping(guard.unknownEvent());
        }
        commits.reportPosition();
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

    /**
     * Waits for the answer to a commit still on its way to the target, so what it committed is
     * told; throws its failure. Called when nothing more waits to be applied.
     */
    public void settle() {
        applier.settle();
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
