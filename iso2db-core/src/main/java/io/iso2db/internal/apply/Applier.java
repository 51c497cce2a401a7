package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.LoopControl;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.route.Routes;
import io.iso2db.internal.schema.SchemaCache;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies source transactions to the target: one source transaction becomes one target
 * transaction; consecutive row changes of one table and kind go out as one JDBC batch
 * (multi-row INSERT via the driver's rewrite). Used from one thread.
 */
public final class Applier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final int MAX_BATCH = 500;
    /** A group of transactions is committed once its statements reach this size. */
    static final long GROUP_MAX_BYTES = 4L << 20;
    /** DDL errors that mean "this statement was already applied" (duplicate or missing object). */
    private static final Set<Integer> ALREADY_APPLIED_DDL = Set.of(1007, 1008, 1050, 1051, 1054, 1060, 1061, 1091, 1146,
            1304, 1359, 1537);
    /** Unknown view, trigger, routine, event: dropped on the source, never on the target (a filter kept it off). */
    private static final Set<Integer> ABSENT_OBJECT = Set.of(1051, 1347, 1360, 1305, 1539);

    private final ConnectionSettings target;
    private final boolean targetBinlog;
    private final CheckpointStore store;
    private final SchemaCache schemas = new SchemaCache();
    private final Map<TableId, SqlShapes> shapes = new HashMap<>();
    private final List<RowOp> batch = new ArrayList<>();
    private final StatementRunner runner = new StatementRunner();
    private final Pipeline pipeline = new Pipeline();
    private final RowMerger merger = new RowMerger();
    private Connection connection;
    /** Check flags the apply session runs with (0: the server's defaults, as on a new connection). */
    private int sessionCheckFlags;
    private String gtid;
    private boolean tolerant;
    private boolean open;
    /** Apply statement by statement until the next commit (after a pipelined failure). */
    private boolean precise;
    private boolean unitPrecise;

    private final Grouping grouping;
    private final long groupDelayNanos;
    /** Whether more source events are already waiting to be applied (the task is behind). */
    private BooleanSupplier waitingWork = () -> false;
    /** Loop control, or null when off. */
    private final LoopControl loop;
    private final int markerSlot;
    private final ConflictResolver conflicts;
    private final Routes routes;
    private final boolean compareBeforeImage;
    private final Consumer<Conflict> onConflict;
    /** Conflicts resolved in the open target transaction, told once it commits. */
    private final List<Conflict> pendingConflicts = new ArrayList<>();
    /** Origin of the transactions in the open group (loop control). */
    private long groupOrigin;
    /** Source transactions complete in the open target transaction, waiting for the group's commit. */
    private int grouped;
    private long groupStartNanos;
    private long groupStartBytes;
    private Position groupPosition;

    /**
     * @param options how to apply (grouping, loop control, conflicts, routes)
     */
    public Applier(ConnectionSettings target, boolean targetBinlog, CheckpointStore store,
                   ApplyOptions options) {
        this.grouping = options.grouping();
        this.groupDelayNanos = grouping.delay().toNanos();
        this.loop = options.loop();
        this.markerSlot = Marker.slot(options.task());
        this.conflicts = new ConflictResolver(options.conflicts(), options.task());
        this.onConflict = options.onConflict();
        this.routes = options.routes();
        this.compareBeforeImage = options.compareBeforeImage();
        this.target = target;
        this.targetBinlog = targetBinlog;
        this.store = store;
    }

    /** Opens the apply session now (it is otherwise opened by the first change), so an unreachable target shows. */
    public void connect() {
        connection();
    }

    /** When true, inserts become insert-or-update and missing rows are tolerated (replay after a crash). */
    public void tolerant(boolean on) {
        this.tolerant = on;
    }

    /** The target definition of the (routed) source table. */
    public TableSchema schema(TableId table) {
        try {
            return schemas.get(routes.target(table), connection());
        } catch (SQLException e) {
            throw failure("reading the definition of " + table, e);
        }
    }

    /** Reads the target definition of the (routed) source table again, dropping the cached one. */
    public TableSchema reloadSchema(TableId table) {
        schemas.invalidate(routes.target(table));
        return schema(table);
    }

    /**
     * Drops the cached target definition a DDL statement may have changed although this task did
     * not apply it (an echo of its own change, a change made on both sides by hand).
     */
    public void forgetDefinition(TableId table) {
        schemas.invalidate(routes.target(table));
    }

    /** As {@link #forgetDefinition}, for every table (a DDL that changes a database or several tables). */
    public void forgetAllDefinitions() {
        schemas.invalidateAll();
    }

    /**
     * Starts a target transaction for the source transaction {@code gtid} (may be null) first
     * written in region {@code origin}; with loop control its first statement is the marker write.
     */
    public void begin(String gtid, long origin) {
        this.gtid = gtid;
        this.open = true;
        this.unitPrecise = tolerant || precise;
        Connection c = connection();
        if (loop != null && origin > 0) {
            groupOrigin = origin;
            String marker = Marker.upsert(origin, markerSlot);
            if (!unitPrecise) {
                pipeline.addUnchecked(marker);
            } else {
                execute(c, marker, "writing the loop-control marker");
            }
        }
    }

    /**
     * Replays {@code SAVEPOINT x} or {@code ROLLBACK TO x} of the open source transaction at the same
     * place among its rows, so the target undoes exactly what the source undid.
     */
    public void savepoint(String sql) {
        inOrder(sql);
    }

    /**
     * Applies the next rows with the source session's foreign-key and unique checks
     * ({@code FlaggedRows} flags: 2 = no foreign-key checks, 4 = relaxed unique checks).
     */
    public void checks(int flags) {
        if (flags == sessionCheckFlags) {
            return;
        }
        inOrder("SET SESSION foreign_key_checks = " + ((flags & 2) == 0 ? 1 : 0)
                + ", unique_checks = " + ((flags & 4) == 0 ? 1 : 0));
        sessionCheckFlags = flags;
    }

    /** Runs a statement of the open source transaction at its place among the rows. */
    private void inOrder(String sql) {
        if (!unitPrecise) {
            merger.drainInto(pipeline);   // net changes must not be folded across a savepoint
            pipeline.addUnchecked(sql);
            return;
        }
        flush();
        execute(connection(), sql, "replaying " + sql);
    }

    /** Origin of the transactions waiting in the open group. */
    public long groupOrigin() {
        return groupOrigin;
    }

    public boolean inTransaction() {
        return open;
    }

    public void row(RowOp op) {
        if (!unitPrecise) {
            SqlShapes s = shapes(op);
            if (!op.schema().independentRows()) {
                pipeline.add(s, op);
            } else if (!merger.add(s, op)) {
                precise = true;
                throw new PreciseReplayNeeded("GTID " + gtid + ": changes to " + op.schema().id() + " repeat a key;"
                        + " replaying them statement by statement", null);
            }
            if (pipeline.isFull() || merger.isFull()) {
                flushPipeline();
            }
            return;
        }
        if (!batch.isEmpty() && (batch.get(0).schema() != op.schema() || batch.get(0).op() != op.op()
                || batch.size() >= MAX_BATCH)) {
            flush();
        }
        batch.add(op);
    }

    /**
     * Ends the source transaction: flushes, writes the checkpoint in the same target transaction,
     * commits, then tells the store. With grouping the target commit may wait for more source
     * transactions: then this returns false and {@link #commitGroup()} commits them later.
     */
    public boolean commit(Position position) {
        return commit(position, true);
    }

    private boolean commit(Position position, boolean mayGroup) {
        flush();
        if (mayGroup && grouping.on() && !unitPrecise && store instanceof InlineCheckpoint) {
            if (grouped++ == 0) {
                groupStartNanos = System.nanoTime();
                groupStartBytes = pendingBytes();
            }
            groupPosition = position;
            open = false;
            if (grouped < grouping.max() && !groupDue() && pendingBytes() - groupStartBytes < GROUP_MAX_BYTES
                    && (!grouping.onlyWhenBehind() || waitingWork.getAsBoolean())) {
                if (pipeline.isFull()) {
                    flushPipeline();
                }
                return false;
            }
            commitGroup();
            return true;
        }
        if (!unitPrecise && store instanceof InlineCheckpoint) {
            commitInline(position);
            open = false;
            return true;
        }
        flushPipeline();
        try {
            store.saveInTransaction(position, connection);
            connection.commit();
        } catch (SQLException e) {
            throw failure("committing", e);
        }
        open = false;
        precise = false;
        store.saveCommitted(position);
        pendingConflicts.forEach(onConflict);
        pendingConflicts.clear();
        return true;
    }

    /** Tells the applier how to see whether more source events wait to be applied (group commit when behind). */
    public void waitingWork(BooleanSupplier waiting) {
        this.waitingWork = waiting;
    }

    /** Whether complete source transactions wait for their group's commit. */
    public boolean groupPending() {
        return grouped > 0;
    }

    /** Whether the waiting group is old enough to be committed. */
    public boolean groupDue() {
        return grouped > 0 && System.nanoTime() - groupStartNanos >= groupDelayNanos;
    }

    /** Commits the waiting group (checkpoint = its last transaction) and returns that position. */
    public Position commitGroup() {
        Position p = groupPosition;
        commitInline(p);
        grouped = 0;
        groupPosition = null;
        return p;
    }

    /** Rows, checkpoint and COMMIT in one round trip, then the store is told. */
    private void commitInline(Position position) {
        merger.drainInto(pipeline);
        pipeline.addUnchecked(((InlineCheckpoint) store).upsertSql(position));
        pipeline.addUnchecked("COMMIT");
        flushPipeline();
        precise = false;
        store.saveCommitted(position);
    }

    /** Abandons the open transaction (and the connection, which may be broken). */
    public void rollback() {
        batch.clear();
        pipeline.clear();
        merger.clear();
        pendingConflicts.clear();
        grouped = 0;
        groupPosition = null;
        open = false;
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is discarded below
            }
            discardConnection();
        }
    }

    /** Runs a DDL statement in {@code database} (first written in region {@code origin}), then saves the position after it. */
    public void ddl(DdlChange sourceDdl, Position after, long origin) {
        DdlChange ddl = routes.ddl(sourceDdl);
        Connection c = connection();
        String sql = DdlParser.guardTrigger(ddl.sql(), SessionModes.APPLYING);
        if (loop != null) {
            // committed first: the server may rewrite the DDL and drop our comment; readers then match the connection
            execute(c, Marker.beforeDdl(origin, markerSlot), "writing the loop-control marker");
            try {
                c.commit();
            } catch (SQLException e) {
                throw failure("committing the loop-control marker", e);
            }
            sql = Marker.ddl(origin, sql);
        }
        try (Statement st = c.createStatement()) {
            // in a context of its own: nothing of ours holds a lock the DDL waits for (EXCHANGE PARTITION), and
            // data conversions run as the source ran them, not in the strict mode rows are applied in
            c.commit();
            c.setAutoCommit(true);
            st.execute("SET SESSION sql_mode = '" + SessionModes.LAX + "'");
            if (!ddl.database().isEmpty()) {
                try {
                    st.execute("USE " + TableId.quote(ddl.database()));
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1049) {
                        throw e;
                    }
                }
            }
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
                } else if (!(tolerant && ALREADY_APPLIED_DDL.contains(e.getErrorCode()))) {
                    throw new Iso2dbException(ErrorCode.DDL_FAILED, "The target rejected a replicated DDL statement"
                            + " (GTID " + gtid + ", database " + ddl.database() + "): " + e.getMessage()
                            + "\n  statement: " + ddl.sql()
                            + "\nNothing after it was applied. Fix the target so the statement can run, then restart.", e);
                } else {
                    LOG.warn("DDL already applied before the restart, skipped: {} ({})", ddl.sql(), e.getMessage());
                }
            }
            st.execute("SET SESSION sql_mode = '" + SessionModes.ROWS + "'");
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure("running DDL " + ddl.sql(), e);
        }
        schemas.invalidateAll();
        shapes.clear();
        runner.clear();
        open = true;
        commit(after, false);   // the DDL is committed already; its checkpoint must not wait for a group
    }

    private void execute(Connection c, String sql, String what) {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public void gtid(String gtid) {
        this.gtid = gtid;
    }

    private SqlShapes shapes(RowOp op) {
        SqlShapes s = shapes.get(op.schema().id());
        if (s == null || s.schema != op.schema()) {
            s = new SqlShapes(op.schema(), compareBeforeImage);
            shapes.put(op.schema().id(), s);
        }
        return s;
    }

    /** Statement bytes sent or buffered in this applier's lifetime. */
    private long pendingBytes() {
        return pipeline.totalBytes() + merger.bytes();
    }

    private void flushPipeline() {
        merger.drainInto(pipeline);
        try {
            pipeline.execute(connection);
        } catch (Pipeline.Failed f) {
            precise = true;
            throw new PreciseReplayNeeded("GTID " + gtid + ": " + f.getMessage() + "; replaying it statement by statement",
                    f.getCause());
        } catch (SQLException e) {
            throw failure("applying GTID " + gtid, e);
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        RowOp first = batch.get(0);
        SqlShapes s = shapes(first);
        try {
            pendingConflicts.addAll(runner.run(connection, s, first.op(), batch, tolerant, gtid, conflicts));
        } catch (SQLException e) {
            if (SessionModes.refusedNonStrictValue(e, first.schema())) {
                // the failed statement was undone; the values are what the (non-strict) source holds
                LOG.debug("Strict mode refused a value the source holds in {} ({}); writing it as the source did",
                        first.schema().id(), e.getMessage());
                runLax(s, first);
                return;
            }
            if (e.getErrorCode() == 1062 || e.getErrorCode() == 1452 || e.getErrorCode() == 1451) {
                throw new Iso2dbException(ErrorCode.APPLY_CONFLICT, "Conflict on the target while applying GTID " + gtid
                        + " to " + first.schema().id() + " (" + first.op() + "): " + e.getMessage()
                        + ". The target holds rows the source does not; the task stopped without skipping anything."
                        + " Repair the row on the target, then restart.", e);
            }
            throw failure("applying " + first.op() + " to " + first.schema().id() + " (GTID " + gtid + ")", e);
        } finally {
            batch.clear();
        }
    }

    private void runLax(SqlShapes s, RowOp first) {
        try (Statement st = connection.createStatement()) {
            st.execute("SET SESSION sql_mode = '" + SessionModes.LAX + "'");
            try {
                pendingConflicts.addAll(runner.run(connection, s, first.op(), batch, tolerant, gtid, conflicts));
            } finally {
                st.execute("SET SESSION sql_mode = '" + SessionModes.ROWS + "'");
            }
        } catch (SQLException e) {
            throw failure("applying " + first.op() + " to " + first.schema().id() + " (GTID " + gtid + ")", e);
        }
    }

    private Connection connection() {
        if (connection == null) {
            Connection c = Jdbc.openSession(target, "target");
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + SessionModes.ROWS + "', "
                        + SessionModes.APPLYING + " = 1");
                if (!targetBinlog) {
                    try {
                        st.execute("SET SESSION sql_log_bin = 0");
                    } catch (SQLException e) {
                        throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The target user " + target.describe()
                                + " may not switch off binary logging (SET sql_log_bin=0). Grant it BINLOG ADMIN"
                                + " (MariaDB) or SUPER/SYSTEM_VARIABLES_ADMIN (MySQL), or use targetBinlog(true).", e);
                    }
                }
            } catch (SQLException e) {
                Jdbc.closeQuietly(c);
                throw failure("preparing the apply session", e);
            }
            if (store instanceof InlineCheckpoint inline) {
                inline.ensureReady();   // the first write of a task that passed its checks
            }
            connection = c;
            sessionCheckFlags = 0;
        }
        return connection;
    }

    private void discardConnection() {
        runner.clear();
        Jdbc.closeQuietly(connection);
        connection = null;
    }

    private Iso2dbException failure(String what, SQLException e) {
        if (Jdbc.isConnectionLoss(e) || !isValid(connection)) {
            return new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Lost the target " + target.describe() + " while "
                    + what + ": " + e.getMessage(), e);
        }
        return new Iso2dbException(ErrorCode.APPLY_FAILED, "The target " + target.describe() + " failed while " + what
                + ": " + e.getMessage(), e);
    }

    /** A failure on a connection that no longer works is a connection loss, whatever the driver called it. */
    private static boolean isValid(Connection c) {
        try {
            return c != null && c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            rollback();
        }
    }
}
