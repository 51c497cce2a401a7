package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.ddl.UnreplicatedStatements;
import io.iso2db.internal.ddl.WrittenTables;
import java.util.BitSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source events iso2db cannot apply exactly, found before anything of them is applied: each
 * stops the task with {@link ErrorCode#UNSUPPORTED_EVENT}, naming the event, the feature and the
 * way out — never a running task over a target that differs. Used by the assembler's thread.
 */
final class ExactnessGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExactnessGuard.class);

    private final Filter filter;
    private final Supplier<String> gtid;
    private final Supplier<Position> position;
    private boolean skipStatementChanges;

    ExactnessGuard(Filter filter, Supplier<String> gtid, Supplier<Position> position) {
        this.filter = filter;
        this.gtid = gtid;
        this.position = position;
    }

    void skipStatementLoggedChanges(boolean on) {
        this.skipStatementChanges = on;
    }

    /** A QUERY inside a transaction that is neither a savepoint nor XA bookkeeping (transaction not ignored). */
    void statementInTransaction(QueryEventData q, String sql, TransactionStatements.Kind kind) {
        if (kind == TransactionStatements.Kind.DDL) {
            Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql);
            if (ddl.isPresent() && filter.includesTable(ddl.get().table())) {
                throw unsupported("a DDL statement inside a transaction (CREATE TABLE ... SELECT logs the table's"
                        + " creation and its rows as one transaction)", q, sql, "Create the table first and fill it"
                        + " with INSERT ... SELECT, or create and copy it on the target, then restart from a"
                        + " position after this transaction.");
            }
            return;
        }
        if (!WrittenTables.mayChange(filter, q.getDatabase(), sql)) {
            return;
        }
        if (skipStatementChanges) {
            LOG.warn("Skipped a change the source logged as an SQL statement (GTID {}, database {}): {}",
                    gtid.get(), q.getDatabase(), TransactionStatements.excerpt(sql));
            return;
        }
        throw unsupported("a change logged as an SQL statement, not as rows (that session ran with"
                + " binlog_format STATEMENT or MIXED)", q, sql, "Make every session that writes replicated"
                + " tables log rows (binlog_format=ROW, globally, then reconnect the applications), bring the"
                + " target's copy of the rows it changed up to date, and restart; or skip such statements"
                + " with skipStatementLoggedChanges(true).");
    }

    /**
     * A statement between transactions (not ignored) whose result iso2db could not keep equal:
     * {@code recognised} says whether it is DDL iso2db replays, {@code included} whether of a
     * replicated object.
     */
    void ddl(QueryEventData q, String sql, boolean recognised, boolean included) {
        if (!recognised && !UnreplicatedStatements.byDesign(sql) && WrittenTables.mayChange(filter, q.getDatabase(), sql)) {
            if (UnreplicatedStatements.rowChange(sql)) {
                statementInTransaction(q, sql, TransactionStatements.Kind.STATEMENT);
                return;
            }
            throw unsupported("a statement iso2db does not recognise, in or naming a replicated database (it may change"
                    + " replicated tables or their definitions)", q, sql, "If it changed something the target needs,"
                    + " make the same change there by hand (or exclude the database); then restart from the position"
                    + " after it, " + position.get() + ".");
        }
        String kind = DdlParser.unsupportedTable(sql);
        if (included && kind != null) {
            throw unsupported(kind + " (not replicated yet)", q, sql, "Exclude the table with"
                    + " excludeTables(...) (and create it on the target yourself), then restart from a position"
                    + " after this statement.");
        }
        for (TableId[] move : DdlParser.renames(q.getDatabase(), sql)) {
            if (!filter.includesTable(move[0]) && filter.includesTable(move[1])) {
                throw unsupported("RENAME of " + move[0] + " (not replicated) to " + move[1] + " (replicated): the"
                        + " table arrives with rows iso2db never saw", q, sql, "iso2db creates such a table on the target"
                        + " by itself when the source holds it empty as the statement is read (and it is the only table"
                        + " the statement moves); this one holds rows, or is gone. Copy " + move[1] + " to the target (an"
                        + " export of that one table, or by hand), then restart from a position after this statement.");
            }
        }
    }

    /**
     * A row logged with a partial image (a session with {@code binlog_row_image=MINIMAL} or
     * {@code NOBLOB}) whose before image lacks what finds the row exactly: its key, or for a table
     * without one, every column.
     */
    Iso2dbException partialImageWithoutKey(TableMapEventData tm, BitSet before) {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtid.get()
                + " (at " + position.get() + ") logged rows of " + tm.getDatabase() + "." + tm.getTable() + " with "
                + (before == null ? "a partial image" : before.cardinality() + " of its " + tm.getColumnTypes().length
                + " columns in the before image") + " (the session that wrote it ran with binlog_row_image MINIMAL or"
                + " NOBLOB): iso2db applies such rows by their key, but this image does not hold the target table's"
                + " primary key (or, for a table without one, every column), so the row cannot be found exactly. The"
                + " task stopped before it. Give the table a primary key, or make every session log full row images"
                + " (do not change binlog_row_image per session); bring the target's copy of those rows up to date, and"
                + " restart from a position after this transaction.");
    }

    /**
     * XA PREPARE of a transaction whose rows were applied as a plain transaction: the source did not
     * say at its start that it would be prepared (MariaDB does, in its GTID event; MySQL does not).
     */
    Iso2dbException xaPrepared(Set<TableId> tables) {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtid.get()
                + " (at " + position.get() + ") is a prepared XA transaction (XA PREPARE) that changes replicated"
                + " tables " + tables + ", and the source did not mark it as one at its start (MySQL does not;"
                + " MariaDB 10.5 and later do, and iso2db then holds it prepared on the target until the source"
                + " decides). Applying it now could land a transaction that is rolled back; the task stopped before"
                + " it. Commit such transactions with XA COMMIT ... ONE PHASE or as plain transactions, or exclude"
                + " the tables, then restart from a position after it.");
    }

    /** An event of a type iso2db does not know, which the source did not mark as one a replica may pass over. */
    Iso2dbException unknownEvent() {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source wrote an event of a type iso2db does not know"
                + " (ending at " + position.get() + ", in transaction " + gtid.get() + "), and did not mark it as one a"
                + " replica may pass over: it may hold changes. iso2db stopped before it. Turn off the source feature that"
                + " writes it (a newer server's binlog format option), or use an iso2db that reads it; then restart.");
    }

    /** An event a MySQL source writes with {@code setting}, which iso2db does not read (MySQL paths are untested here). */
    Iso2dbException unreadable(String what, String setting, String wayOut) {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source wrote " + what + " (ending at " + position.get()
                + ", in transaction " + gtid.get() + "), as it does with " + setting + "; iso2db does not read such events"
                + " and stopped before it, so nothing of it is applied or passed over. Run " + wayOut + " on the source"
                + " (and set it in its config file). What the source already wrote so stays unreadable: bring the target's"
                + " copy of the tables it changed up to date (an export of them), then restart from a position after it.");
    }

    /** The source says its binlog may lack changes from here (an INCIDENT event): a native replica stops too. */
    Iso2dbException incident() {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source logged an INCIDENT event at "
                + position.get() + ": by its own account its binlog may lack changes from here (a failed binlog write,"
                + " lost events). iso2db stopped, as a native replica does. Find out what the source lost, bring the"
                + " target in line (compare both sides), then restart from a position after it.");
    }

    private Iso2dbException unsupported(String what, QueryEventData q, String sql, String wayOut) {
        return new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtid.get()
                + " (at " + position.get() + ") holds " + what + ", which iso2db cannot apply exactly; the task"
                + " stopped before it, so the target does not differ silently.\n  database: " + q.getDatabase()
                + "\n  statement: " + TransactionStatements.excerpt(sql) + "\n" + wayOut);
    }
}
