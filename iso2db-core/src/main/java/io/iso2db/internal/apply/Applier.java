package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.spi.CheckpointStore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Applies source transactions to the target, each whole: its rows, then its checkpoint in the
 * same target transaction, then the commit. Consecutive transactions may share one commit while
 * more are waiting ({@link CommitGroup}). One thread uses it: the task's apply thread, or one
 * parallel worker (each has its own).
 *
 * <p>Parts: {@link ApplySession} (the connection and its settings), {@link RowWriter} (rows in the
 * unit's {@link ApplyMode}), {@link CommitGroup}, {@link DdlApplier}.
 */
public final class Applier implements ApplyEngine {

    private final ApplySession session;
    private final RowWriter rows;
    private final CheckpointCommit commits;
    private final CommitGroup group;
    private final DdlApplier ddl;
    private final TargetXa xa;
    private final TargetDefinitions definitions;
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
        this.session = new ApplySession(target, targetBinlog, options.targetTimeout(), options.formerSessions(),
                store instanceof InlineCheckpoint inline ? inline::ensureReady : () -> { });
        this.rows = new RowWriter(session, new ConflictResolver(options.conflicts(), options.task()),
                options.compareBeforeImage());
        this.commits = new CheckpointCommit(store, session, rows);
        this.group = new CommitGroup(options.grouping());
        this.markerSlot = options.loop() == null ? -1 : Marker.slot(options.task());
        this.ddl = new DdlApplier(session, markerSlot);
        this.xa = new TargetXa(session, rows, options.task());
        this.definitions = new TargetDefinitions(options.routes(), session);
        this.onConflict = options.onConflict();
    }

    /** Opens the apply session now (it is otherwise opened by the first change), so an unreachable target shows. */
    @Override
    public void connect() {
        session.connection();
    }

    @Override
    public void tolerant(boolean on) {
        this.mayBeApplied = on;
    }

    @Override
    public TableSchema schema(TableId table) {
        return definitions.get(table);
    }

    @Override
    public TableSchema reloadSchema(TableId table) {
        definitions.forget(table);
        return definitions.get(table);
    }

    @Override
    public void forgetDefinition(TableId table) {
        definitions.forget(table);
    }

    @Override
    public void forgetAllDefinitions() {
        definitions.forgetAll();
    }

    /**
     * Starts the source transaction {@code gtid} (may be null) first written in region {@code origin};
     * with loop control, the first statement of each target transaction is the marker write (a group
     * holds transactions of one origin only: the assembler commits it before another origin's).
     */
    @Override
    public void begin(String gtid, long origin) {
        begin(gtid, origin, null);
    }

    /**
     * Starts a source transaction that ends with XA PREPARE as an XA transaction on the target
     * ({@link TargetXa}); false when the target holds it prepared already (read again after a restart).
     */
    @Override
    public boolean beginXa(String gtid, long origin, XaId source) {
        if (xa.isPrepared(source)) {
            return false;
        }
        begin(gtid, origin, source);
        return true;
    }

    private void begin(String gtid, long origin, XaId xaId) {
        this.gtid = gtid;
        this.open = true;
        rows.unit(gtid, nextMode());
        session.connection();
        if (xaId != null) {
            xa.start(xaId, gtid);
        }
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
    @Override
    public void savepoint(String sql) {
        rows.inOrder(sql, "replaying " + sql);
    }

    @Override
    public void checks(int flags) {
        rows.checks(flags);
    }

    @Override
    public long groupOrigin() {
        return group.origin();
    }

    @Override
    public boolean inTransaction() {
        return open;
    }

    @Override
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
    @Override
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

    @Override
    public void waitingWork(BooleanSupplier waiting) {
        group.waitingWork(waiting);
    }

    @Override
    public boolean groupPending() {
        return group.pending();
    }

    @Override
    public boolean groupDue() {
        return group.due();
    }

    /**
     * Prepares the open XA transaction on the target (it then waits for the source's decision), and
     * checkpoints {@code after} in a transaction of its own: a restart before that checkpoint finds
     * the transaction prepared ({@link #beginXa}) and does not apply it again.
     */
    @Override
    public void prepareXa(XaId source, Position after) {
        open = false;
        xa.prepare(source);
        commitNow(after);
    }

    /**
     * The source committed or rolled back the prepared XA transaction {@code source}: so does the
     * target, when it holds it (it does not when its changes were not replicated, or when this was
     * done before a restart); then {@code after} is checkpointed.
     */
    @Override
    public void completeXa(XaId source, boolean commit, Position after) {
        xa.complete(source, commit);
        commitNow(after);
    }

    /** Commits the waiting group (checkpoint = its last transaction) and returns that position. */
    @Override
    public Position commitGroup() {
        Position p = group.last();
        commitNow(p);
        group.clear();
        return p;
    }

    /**
     * Sends the rows of the open transaction now (pipelined, they otherwise wait for the commit's
     * round trip): a parallel worker executes its transaction, then waits for its turn to commit.
     */
    public void executePending() {
        rows.send();
    }

    /** Runs the session at READ COMMITTED with a short lock wait (parallel workers; see {@code ParallelApplier}). */
    public void forParallelWorker() {
        session.forParallelWorker();
        rows.keysFirst();
    }

    /** Rows, checkpoint and COMMIT ({@link CheckpointCommit}); then the conflicts resolved in it are told. */
    private void commitNow(Position position) {
        commits.commit(position);
        if (preciseUnits > 0 && !rows.mode().pipelined()) {
            preciseUnits--;
        }
        rows.takeResolved().forEach(onConflict);
    }

    /**
     * The source rolled back the open transaction (a ROLLBACK event). Alone in its target
     * transaction it is simply rolled back; sharing one with a waiting group, undoing it would undo
     * the group too, so all of it is abandoned and replayed from the checkpoint one transaction at a
     * time ({@link PreciseReplayNeeded}).
     */
    @Override
    public void rollbackTransaction() {
        int waiting = group.size();
        rollback();
        if (waiting > 0) {
            preciseUnits = waiting + 1;
            throw new PreciseReplayNeeded("GTID " + gtid + " was rolled back on the source while " + waiting
                    + " transactions shared its target transaction; replaying them one at a time", null);
        }
    }

    /** Abandons the open transaction and the waiting group (and the connection, which may be broken). */
    @Override
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
    @Override
    public void ddl(DdlChange sourceDdl, SourceSession source, Position after, long origin) {
        rows.unit(gtid, nextMode());
        ddl.apply(definitions.routed(sourceDdl), source, gtid, origin, mayBeApplied);
        definitions.forgetAll();
        rows.definitionsChanged();
        commitNow(after);   // the DDL is committed already; its checkpoint must not wait for a group
    }

    /**
     * Creates the table of a {@code CREATE TABLE ... SELECT} before its rows arrive (no checkpoint:
     * the source transaction goes on with the rows and commits with them).
     */
    @Override
    public void createForRows(DdlChange sourceDdl, SourceSession source) {
        ddl.createForRows(definitions.routed(sourceDdl), source, gtid);
        definitions.forgetAll();
        rows.definitionsChanged();
    }

    @Override
    public void gtid(String gtid) {
        this.gtid = gtid;
    }

    @Override
    public void close() {
        rollback();
    }
}
