package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.ddl.ListedTables;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.ddl.SourceSqlMode;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.internal.source.SessionQuery;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUERY events: transaction boundaries (BEGIN, COMMIT, ROLLBACK), DDL between transactions, and
 * what a row-logged transaction may hold besides rows (savepoints, the CREATE of a
 * {@code CREATE TABLE ... SELECT}); anything else inside a replicated transaction stops the task.
 */
final class StatementEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StatementEvents.class);

    private final Filter filter;
    private final TransactionSink applier;
    private final GtidTracker gtids;
    private final OpenTransaction tx;
    private final Commits commits;
    private final ExactnessGuard guard;
    private final Set<Long> ignoredThreads;
    private final AssemblerEvents events;
    private final Supplier<Position> position;
    /** Called after a DDL statement was applied: the table ids of TABLE_MAP events may now mean other tables. */
    private final Runnable definitionsChanged;
    /** The definition of a table the source holds empty now ({@link io.iso2db.internal.jdbc.SourceTables}). */
    private Function<TableId, Optional<String>> sourceTables = t -> Optional.empty();

    StatementEvents(Filter filter, TransactionSink applier, GtidTracker gtids, OpenTransaction tx, Commits commits,
                    ExactnessGuard guard, Set<Long> ignoredThreads, AssemblerEvents events, Supplier<Position> position,
                    Runnable definitionsChanged) {
        this.filter = filter;
        this.applier = applier;
        this.gtids = gtids;
        this.tx = tx;
        this.commits = commits;
        this.guard = guard;
        this.ignoredThreads = Set.copyOf(ignoredThreads);
        this.events = events;
        this.position = position;
        this.definitionsChanged = definitionsChanged;
    }

    void sourceTables(Function<TableId, Optional<String>> definitions) {
        this.sourceTables = definitions;
    }

    void query(QueryEventData q, EventHeaderV4 header) {
        // names as any session reads them: a session with ANSI_QUOTES wrote them in double quotes
        String sql = SourceSqlMode.backtickNames(q.getSql().trim(), q instanceof SessionQuery s ? s.variables().sqlMode() : -1);
        String upper = sql.length() > 12 ? sql.substring(0, 12).toUpperCase(Locale.ROOT) : sql.toUpperCase(Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
            tx.open = true;
            tx.ignored |= ignoredThreads.contains(q.getThreadId());
        } else if ((upper.startsWith("XA COMMIT") || upper.startsWith("XA ROLLBAC")) && !sql.endsWith("ONE PHASE")) {
            commits.xaCompleted(XaId.in(sql).orElse(null), upper.startsWith("XA COMMIT"));
        } else if (upper.equals("COMMIT") || upper.startsWith("XA COMMIT")) {
            commits.transactionEnd(header.getTimestamp());
        } else if (upper.equals("ROLLBACK")) {
            if (applier.inTransaction()) {
                applier.rollbackTransaction();
            }
            commits.ended(false);
        } else if (!tx.open) {
            ddl(q, sql, header);
        } else {
            inTransaction(q, sql, header);
        }
    }

    /** A QUERY event between BEGIN and COMMIT: a savepoint, or a change iso2db cannot apply as rows. */
    private void inTransaction(QueryEventData q, String sql, EventHeaderV4 header) {
        TransactionStatements.Kind kind = TransactionStatements.kind(sql);
        switch (kind) {
            case SAVEPOINT -> {
                if (applier.inTransaction()) {
                    applier.savepoint(sql);
                } else if (!tx.ignored) {
                    tx.savepoints.add(sql);
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
                if (!tx.ignored && !(kind == TransactionStatements.Kind.DDL && createForRows(q, sql, header))) {
                    try {
                        guard.statementInTransaction(q, sql, kind);
                    } catch (Iso2dbException e) {
                        throw commits.stopping(e);
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
    private boolean createForRows(QueryEventData q, String sql, EventHeaderV4 header) {
        Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql);
        if (tx.loopControl() || ddl.isEmpty() || !DdlParser.isCreateTable(ddl.get())
                || !filter.includesTable(ddl.get().table()) || applier.inTransaction()) {
            return false;
        }
        commits.commitGroupIfPending();
        applier.gtid(gtids.pendingGtid());
        applier.createForRows(ddl.get(), source(q, sql, header));
        return true;
    }

    private void ddl(QueryEventData q, String sql, EventHeaderV4 header) {
        tx.open = false;
        gtids.commit();
        Position after = position.get();
        if (tx.alterPhaseOnly) {
            // as a native replica: a two-phase ALTER runs once, at the group that commits it
            commits.skipped(after);
            return;
        }
        long ddlOrigin = tx.ddlOrigin(sql, q.getThreadId(), header.getTimestamp());
        Optional<DdlChange> ddl = DdlParser.parse(q.getDatabase(), sql).map(this::replicatedEntries);
        boolean included = ddl.isPresent() && (DdlParser.isDatabaseLevel(ddl.get())
                ? filter.includesDatabase(ddl.get().table().database())
                : filter.includesTable(ddl.get().table()));
        boolean applies = !tx.ignored && !ignoredThreads.contains(q.getThreadId()) && ddlOrigin >= 0;
        boolean replicated = included && applies;
        if (applies && !included && createEntering(q.getDatabase(), sql, after, ddlOrigin)) {
            return;
        }
        if (applies) {
            try {
                guard.ddl(q, sql, ddl.isPresent(), included);
            } catch (Iso2dbException e) {
                throw commits.stopping(e);
            }
        }
        if (!replicated && (included || DdlParser.isRename(ddl.orElse(null)))) {
            // not applied (an echo, an ignored connection), yet the target's table may have changed all the same
            commits.commitGroupIfPending();
            if (DdlParser.isDatabaseLevel(ddl.get()) || DdlParser.isRename(ddl.get())) {
                applier.definitions().forgetAll();
            } else {
                applier.definitions().forget(ddl.get().table());
            }
        }
        if (replicated && DdlParser.isTruncate(ddl.get()) && !filter.includesTruncate(ddl.get().table())) {
            LOG.warn("{} not applied at source position {}: the task keeps deleted rows of {} (ignoreOperations DELETE "
                    + "or its filter's includesTruncate)", sql, after, ddl.get().table());
            replicated = false;
        }
        if (!replicated) {
            commits.skipped(after);
            return;
        }
        apply(ddl.get(), source(q, sql, header), after, ddlOrigin);
    }

    /**
     * A DROP or RENAME that lists several tables, views or sequences, as it runs on the target: only
     * its entries dropping or moving replicated ones (the others may be the target's own); unchanged
     * when none does (a table moved in from outside is the guard's and {@link #createEntering}'s).
     */
    private DdlChange replicatedEntries(DdlChange ddl) {
        return ListedTables.of(ddl.database(), ddl.sql()).map(listed -> {
            String only = listed.only(filter::includesTable);
            return only == null ? ddl : DdlParser.parse(ddl.database(), only).orElseThrow();
        }).orElse(ddl);
    }

    /** The settings of the session that wrote the statement (which of them count depends on the source's flavor). */
    private SourceSession source(QueryEventData q, String sql, EventHeaderV4 header) {
        return q instanceof SessionQuery s ? SourceSession.of(sql, s.variables(), tx.fromMariaDb,
                header.getTimestamp() <= 0 ? -1 : header.getTimestamp() / 1000) : SourceSession.NONE;
    }

    /**
     * A RENAME that moves one table into the replicated set from outside it: a table the source holds
     * empty is created on the target from its definition (the rows that follow are replicated as
     * usual). Returns false otherwise: the table arrives with rows iso2db never saw, and the guard
     * stops the task. Checked against the source as it is now, so a table that received rows since
     * the RENAME stops the task too.
     */
    private boolean createEntering(String database, String sql, Position after, long origin) {
        List<TableId[]> moves = DdlParser.renames(database, sql);
        if (moves.size() != 1 || filter.includesTable(moves.get(0)[0]) || !filter.includesTable(moves.get(0)[1])) {
            return false;
        }
        TableId table = moves.get(0)[1];
        Optional<DdlChange> create = sourceTables.apply(table).flatMap(c -> DdlParser.parse(table.database(), c));
        if (create.isEmpty()) {
            return false;
        }
        LOG.info("Table {} entered the replicated set empty ({}); creating it on the target", table,
                TransactionStatements.excerpt(sql));
        apply(create.get(), SourceSession.NONE, after, origin);   // the source's own SHOW CREATE TABLE: read the same in any mode
        return true;
    }

    /** Runs {@code ddl} with the {@code source} session's settings. */
    private void apply(DdlChange ddl, SourceSession source, Position after, long origin) {
        commits.commitGroupIfPending();
        applier.tolerant(commits.firstUnit());
        applier.gtid(gtids.current());
        applier.ddl(ddl, source, after, origin);
        definitionsChanged.run();
        applier.afterCommit(() -> events.ddlApplied(ddl, after));
        commits.ended(true);
    }
}
