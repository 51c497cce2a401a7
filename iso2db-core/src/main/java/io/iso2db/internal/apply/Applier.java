package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.route.Routes;
import io.iso2db.internal.schema.SchemaCache;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.internal.source.FlaggedRows;
import io.iso2db.spi.CheckpointStore;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Applies source transactions to the target, each whole: its rows, then its checkpoint in the
 * same target transaction, then the commit. Consecutive transactions may share one commit while
 * more are waiting ({@link CommitGroup}). Used from the task's apply thread only.
 *
 * <p>Parts: {@link ApplySession} (the connection and its settings), {@link RowWriter} (rows in the
 * unit's {@link ApplyMode}), {@link CommitGroup}, {@link DdlApplier}.
 */
public final class Applier implements TransactionSink, AutoCloseable {

    private final CheckpointStore store;
    private final ApplySession session;
    private final RowWriter rows;
    private final CommitGroup group;
    private final DdlApplier ddl;
    private final SchemaCache schemas = new SchemaCache();
    private final Routes routes;
    /** The loop-control marker slot, or -1 without loop control. */
    private final int markerSlot;
    private final Consumer<Conflict> onConflict;
    private String gtid;
    private boolean open;
    /** The next unit may have been applied before a restart (at-least-once resume). */
    private boolean mayBeApplied;
    /** Units still to apply precisely after a pipelined failure: the failed group and the open transaction. */
    private int preciseUnits;

    /**
     * @param options how to apply (grouping, loop control, conflicts, routes)
     */
    public Applier(ConnectionSettings target, boolean targetBinlog, CheckpointStore store, ApplyOptions options) {
        this.store = store;
        this.session = new ApplySession(target, targetBinlog,
                store instanceof InlineCheckpoint inline ? inline::ensureReady : () -> { });
        this.rows = new RowWriter(session, new ConflictResolver(options.conflicts(), options.task()),
                options.compareBeforeImage());
        this.group = new CommitGroup(options.grouping());
        this.markerSlot = options.loop() == null ? -1 : Marker.slot(options.task());
        this.ddl = new DdlApplier(session, markerSlot);
        this.routes = options.routes();
        this.onConflict = options.onConflict();
    }

    /** Opens the apply session now (it is otherwise opened by the first change), so an unreachable target shows. */
    public void connect() {
        session.connection();
    }

    /** When true, the next unit may have been applied before a restart: inserts overwrite, missing rows are accepted. */
    public void tolerant(boolean on) {
        this.mayBeApplied = on;
    }

    /** The target definition of the (routed) source table. */
    public TableSchema schema(TableId table) {
        try {
            return schemas.get(routes.target(table), session.connection());
        } catch (SQLException e) {
            throw session.failure("reading the definition of " + table, e);
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
     * Starts the source transaction {@code gtid} (may be null) first written in region {@code origin};
     * with loop control, the first statement of each target transaction is the marker write (a group
     * holds transactions of one origin only: the assembler commits it before another origin's).
     */
    public void begin(String gtid, long origin) {
        this.gtid = gtid;
        this.open = true;
        rows.unit(gtid, nextMode());
        session.connection();
        if (markerSlot >= 0 && origin > 0 && !group.pending()) {
            // one marker per target transaction: its readers decide the origin of all of it at its first row
            group.origin(origin);
            rows.inOrder(Marker.upsert(origin, markerSlot), "writing the loop-control marker");
        }
    }

    private ApplyMode nextMode() {
        return mayBeApplied ? ApplyMode.TOLERANT : preciseUnits > 0 ? ApplyMode.PRECISE : ApplyMode.PIPELINED;
    }

    /**
     * Replays {@code SAVEPOINT x} or {@code ROLLBACK TO x} of the open source transaction at the same
     * place among its rows, so the target undoes exactly what the source undid.
     */
    public void savepoint(String sql) {
        rows.inOrder(sql, "replaying " + sql);
    }

    /** Applies the next rows with the source session's foreign-key and unique checks ({@link FlaggedRows} flags). */
    public void checks(int flags) {
        if (flags == session.checkFlags()) {
            return;
        }
        String sql = "SET SESSION foreign_key_checks = " + ((flags & FlaggedRows.NO_FOREIGN_KEY_CHECKS) == 0 ? 1 : 0)
                + ", unique_checks = " + ((flags & FlaggedRows.RELAXED_UNIQUE_CHECKS) == 0 ? 1 : 0);
        rows.inOrder(sql, "replaying " + sql);
        session.checkFlags(flags);
    }

    /** Origin of the transactions waiting in the open group. */
    public long groupOrigin() {
        return group.origin();
    }

    public boolean inTransaction() {
        return open;
    }

    public void row(RowOp op) {
        if (op.schema().sequence()) {
            rows.inOrder(Sequences.setval(op, gtid), "moving sequence " + op.schema().id());
            return;
        }
        rows.row(op);
    }

    /**
     * Ends the source transaction. Unless it joins a group, writes the checkpoint in the same target
     * transaction, commits, then tells the store; returns false when the commit waits for more
     * source transactions ({@link #commitGroup()} commits them later).
     */
    public boolean commit(Position position) {
        open = false;
        if (rows.mode().pipelined() && group.enabled()) {
            if (!group.add(position, rows.bytes())) {
                rows.sendIfFull();
                return false;
            }
            commitGroup();
            return true;
        }
        commitNow(position);
        return true;
    }

    /** Tells the applier how to see whether more source events wait to be applied (grouping while behind). */
    public void waitingWork(BooleanSupplier waiting) {
        group.waitingWork(waiting);
    }

    /** Whether complete source transactions wait for their group's commit. */
    public boolean groupPending() {
        return group.pending();
    }

    /** Whether the waiting group must be committed now (old enough, or nothing more waits while grouping when behind). */
    public boolean groupDue() {
        return group.due();
    }

    /** Commits the waiting group (checkpoint = its last transaction) and returns that position. */
    public Position commitGroup() {
        Position p = group.last();
        commitNow(p);
        group.clear();
        return p;
    }

    /** Rows, checkpoint and COMMIT (one round trip when pipelined and the checkpoint is a statement), then the store is told. */
    private void commitNow(Position position) {
        if (rows.mode().pipelined() && store instanceof InlineCheckpoint inline) {
            rows.addToRoundTrip(inline.upsertSql(position));
            rows.addToRoundTrip("COMMIT");
            rows.send();
        } else {
            rows.send();
            store.saveInTransaction(position, session.connection());
            session.commit("committing");
        }
        if (preciseUnits > 0 && !rows.mode().pipelined()) {
            preciseUnits--;
        }
        store.saveCommitted(position);
        rows.takeResolved().forEach(onConflict);
    }

    /** Abandons the open transaction and the waiting group (and the connection, which may be broken). */
    public void rollback() {
        if (rows.takePipelineFailed()) {
            preciseUnits = group.size() + 1;
        }
        rows.clear();
        group.clear();
        open = false;
        if (session.isOpen()) {
            session.discard();
            rows.connectionLost();
        }
    }

    /** Runs a DDL statement (first written in region {@code origin}), then saves the position after it. */
    public void ddl(DdlChange sourceDdl, Position after, long origin) {
        rows.unit(gtid, nextMode());
        ddl.apply(routes.ddl(sourceDdl), gtid, origin, mayBeApplied);
        schemas.invalidateAll();
        rows.definitionsChanged();
        commitNow(after);   // the DDL is committed already; its checkpoint must not wait for a group
    }

    /**
     * Creates the table of a {@code CREATE TABLE ... SELECT} before its rows arrive (no checkpoint:
     * the source transaction goes on with the rows and commits with them).
     */
    public void createForRows(DdlChange sourceDdl) {
        ddl.createForRows(routes.ddl(sourceDdl), gtid);
        schemas.invalidateAll();
        rows.definitionsChanged();
    }

    public void gtid(String gtid) {
        this.gtid = gtid;
    }

    @Override
    public void close() {
        rollback();
    }
}
