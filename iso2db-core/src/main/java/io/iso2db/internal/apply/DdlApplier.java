package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.loop.Marker;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a replicated DDL statement on the target, in a context of its own, under its target names;
 * then forgets the definitions and statement shapes it may have changed.
 */
final class DdlApplier {

    private static final Logger LOG = LoggerFactory.getLogger(DdlApplier.class);
    /** DDL errors that mean "this statement was already applied" (duplicate or missing object). */
    private static final Set<Integer> ALREADY_APPLIED = Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146,
            1304, 1359, 1537);
    /** Unknown view, trigger, routine, event: dropped on the source, never on the target (a filter kept it off). */
    private static final Set<Integer> ABSENT_OBJECT = Set.of(1051, 1347, 1360, 1305, 1539);

    private final ApplySession session;
    /** The marker slot with loop control, or -1 without it. */
    private final int markerSlot;
    private final TargetDefinitions definitions;
    private final RowWriter rows;

    DdlApplier(ApplySession session, int markerSlot, TargetDefinitions definitions, RowWriter rows) {
        this.session = session;
        this.markerSlot = markerSlot;
        this.definitions = definitions;
        this.rows = rows;
    }

    /**
     * Runs {@code sourceDdl} of source transaction {@code gtid}, first written in region
     * {@code origin}. When {@code mayBeApplied}, an error saying the change is in place already is
     * a warning (the statement ran before a crash).
     */
    void apply(DdlChange sourceDdl, SourceSession source, String gtid, long origin, boolean mayBeApplied) {
        DdlChange ddl = definitions.routed(sourceDdl);
        String sql = DdlParser.guardTrigger(ddl.sql(), SessionModes.APPLYING);
        if (markerSlot >= 0) {
            // committed first: the server may rewrite the DDL and drop our comment; readers then match the connection
            session.execute(Marker.beforeDdl(origin, markerSlot), "writing the loop-control marker");
            session.commit("committing the loop-control marker");
            sql = Marker.ddl(origin, sql);
        }
        String statement = sql;
        try {
            session.autocommitLax(source, c -> {
                try (Statement st = c.createStatement()) {
                    use(st, ddl.database());
                    run(st, ddl, statement, gtid, mayBeApplied);
                }
            });
        } catch (SQLException e) {
            throw session.failure("running DDL " + ddl.sql(), e);
        }
        definitionsChanged();
    }

    private void definitionsChanged() {
        definitions.forgetAll();
        rows.definitionsChanged();
    }

    /**
     * Runs the CREATE TABLE that opens a {@code CREATE TABLE ... SELECT} transaction (its rows follow
     * as row events, applied in the target transaction that commits with the checkpoint). A table
     * already there and empty is taken as is: the statement ran before a crash that undid the rows.
     */
    void createForRows(DdlChange sourceDdl, SourceSession source, String gtid) {
        DdlChange ddl = definitions.routed(sourceDdl);
        try {
            session.autocommitLax(source, c -> {
                try (Statement st = c.createStatement()) {
                    use(st, ddl.database());
                    try {
                        st.execute(DdlParser.guardTrigger(ddl.sql(), SessionModes.APPLYING));
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1050 || !isEmpty(st, ddl.table())) {
                            throw rejected(ddl, gtid, e);
                        }
                        LOG.warn("Table {} of a CREATE TABLE ... SELECT is on the target already, empty: its rows"
                                + " are applied into it", ddl.table());
                    }
                }
            });
        } catch (SQLException e) {
            throw session.failure("running DDL " + ddl.sql(), e);
        }
        definitionsChanged();
    }

    private static boolean isEmpty(Statement st, TableId table) throws SQLException {
        try (var rs = st.executeQuery("SELECT 1 FROM " + table.quoted() + " LIMIT 1")) {
            return !rs.next();
        }
    }

    private static void use(Statement st, String database) throws SQLException {
        if (database.isEmpty()) {
            return;
        }
        try {
            st.execute("USE " + TableId.quote(database));
        } catch (SQLException e) {
            if (e.getErrorCode() != 1049) {   // an unknown database: the statement names its tables in full
                throw e;
            }
        }
    }

    private static void run(Statement st, DdlChange ddl, String sql, String gtid, boolean mayBeApplied)
            throws SQLException {
        try {
            st.execute(sql);
            String event = DdlParser.createdEvent(ddl);
            if (event != null) {
                // as on a native replica: the event runs on the source; its effects arrive as rows
                st.execute("ALTER EVENT " + event + " DISABLE ON SLAVE");
            }
        } catch (SQLException e) {
            if (DdlParser.isSchemaObjectDrop(sql) && ABSENT_OBJECT.contains(e.getErrorCode())) {
                LOG.info("DDL skipped, the object is not on the target: {} ({})", ddl.sql(), e.getMessage());
            } else if (mayBeApplied && ALREADY_APPLIED.contains(e.getErrorCode())) {
                LOG.warn("DDL already in place on the target (applied before a restart, or by hand), skipped: {} ({})",
                        ddl.sql(), e.getMessage());
            } else {
                throw rejected(ddl, gtid, e);
            }
        }
    }

    private static Iso2dbException rejected(DdlChange ddl, String gtid, SQLException e) {
        if (TargetFailures.isReadOnly(e)) {
            return new Iso2dbException(ErrorCode.TARGET_READ_ONLY, "The target is read-only (" + e.getMessage()
                    + ") while running DDL (GTID " + gtid + "); waiting until it takes writes again", e);
        }
        if (TargetFailures.isFull(e)) {
            return TargetFailures.full("", "running DDL (GTID " + gtid + ")", e);
        }
        return new Iso2dbException(ErrorCode.DDL_FAILED, "The target rejected a replicated DDL statement"
                + " (GTID " + gtid + ", database " + ddl.database() + "): " + e.getMessage()
                + "\n  statement: " + ddl.sql()
                + "\nNothing after it was applied. Fix the target so the statement can run, then restart.", e);
    }
}
