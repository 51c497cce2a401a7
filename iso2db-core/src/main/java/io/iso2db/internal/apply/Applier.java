package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.loop.Marker;
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
    private long origin;
    private boolean open;
    /** Whether the open transaction has had a row or savepoint (written or buffered). */
    private boolean written;
    /** Source transactions in the commit on its way (sent ahead, not answered yet). */
    private int unanswered;
    private final UnitModes modes = new UnitModes();

    /** @param options how to apply (grouping, loop control, conflicts, routes) */
    public Applier(ConnectionSettings target, boolean targetBinlog, CheckpointStore store, ApplyOptions options) {
        this.session = new ApplySession(target, targetBinlog, options.targetTimeout(), options.formerSessions(),
                store instanceof InlineCheckpoint inline ? inline::ensureReady : () -> { }, options.task());
        this.rows = new RowWriter(session, new ConflictResolver(options.conflicts(), options.task()),
                options.compareBeforeImage());
        this.commits = new CheckpointCommit(store, session, rows);
        this.group = new CommitGroup(options.grouping());
        this.markerSlot = options.loop() == null ? -1 : Marker.slot(options.task());
        this.definitions = new TargetDefinitions(options.routes(), session);
        this.ddl = new DdlApplier(session, markerSlot, definitions, rows);
        this.xa = new TargetXa(session, rows, options.task());
        this.onConflict = options.onConflict();
    }

    @Override
    public void connect() {
        session.connection();
    }

    @Override
    public void tolerant(boolean on) {
        modes.tolerant(on);
    }

    @Override
    public TableDefinitions definitions() {
        return definitions;
    }

    @Override
    public void begin(String gtid, long origin) {
        begin(gtid, origin, null);
    }

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
        this.origin = origin;
        this.open = true;
        this.written = false;
        rows.unit(gtid, modes.next());
        session.ensureOpen();
        if (xaId != null) {
            xa.start(xaId, gtid);
        }
        if (!group.pending()) {
            mark();
        }
    }

    /**
     * One marker per target transaction, its first row: its readers decide the origin of all of it
     * there (a group holds one origin's transactions: the assembler commits it before another's).
     */
    private void mark() {
        if (markerSlot >= 0 && origin > 0) {
            group.origin(origin);
            rows.inOrder(Marker.upsert(origin, markerSlot), "writing the loop-control marker");
        }
    }

    @Override
    public void savepoint(String sql) {
        written = true;
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
        if (!op.schema().transactional() && rows.mode().pipelined()) {
            statementByStatement();
        }
        written = true;
        if (op.schema().sequence()) {
            rows.inOrder(Sequences.setval(op, gtid), "moving sequence " + op.schema().id());
            return;
        }
        rows.row(op);
    }

    /** Unless it joins a group, the checkpoint in the same target transaction, the commit, then the store told. */
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
        commitNow(position, group.size() + 1);
        group.clear();   // it may have turned statement by statement in a group, and committed it
        return true;
    }

    /**
     * A table the target keeps outside transactions keeps its rows whatever becomes of their target
     * transaction, and a failed round trip after them would replay them: from its first such row on,
     * a transaction is applied statement by statement and its commit ends its group. The group
     * commits before it when it has written nothing yet, else what is buffered is sent and checked.
     */
    private void statementByStatement() {
        if (written) {
            rows.send();
            rows.unit(gtid, ApplyMode.PRECISE);
            return;
        }
        boolean waiting = group.pending();
        if (waiting) {
            commitGroup();
        }
        rows.unit(gtid, ApplyMode.PRECISE);
        if (waiting) {
            mark();   // a target transaction of its own: it needs its marker
        }
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

    /** The checkpoint in a transaction of its own: a restart before it finds the transaction prepared ({@link #beginXa}). */
    @Override
    public void prepareXa(XaId source, Position after) {
        open = false;
        xa.prepare(source);
        commitNow(after, 1);
    }

    /** The target may not hold it: its changes were not replicated, or it was completed before a restart. */
    @Override
    public void completeXa(XaId source, boolean commit, Position after) {
        xa.complete(source, commit);
        commitNow(after, 1);
    }

    @Override
    public Position commitGroup() {
        Position p = group.last();
        commitNow(p, group.size());
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

    /**
     * Rows, checkpoint and COMMIT of {@code units} source transactions ({@link CheckpointCommit});
     * the conflicts resolved in it are told once it is answered.
     */
    private void commitNow(Position position, int units) {
        commits.commit(position);
        modes.committed(rows.mode());
        java.util.List<Conflict> resolved = rows.takeResolved();
        unanswered = units;
        session.afterAnswer(() -> {
            unanswered = 0;
            resolved.forEach(onConflict);
        });
    }

    /** Runs {@code told} once the last commit is answered (now, unless it is on its way). */
    @Override
    public void afterCommit(Runnable told) {
        session.afterAnswer(told);
    }

    /** Waits for the commit on its way, if any; throws its failure. */
    @Override
    public void settle() {
        session.settle();
    }

    /**
     * Round trips go on their way while the next is built: for the task's single apply session
     * (parallel sessions commit in an order of their own, each answer awaited).
     */
    public Applier sendAhead() {
        rows.sendAhead(true);
        return this;
    }

    /**
     * Alone in its target transaction it is simply rolled back; sharing one with a waiting group,
     * undoing it would undo the group too: all of it is replayed one transaction at a time.
     */
    @Override
    public void rollbackTransaction() {
        session.settle();   // the stream goes on after this: a commit on its way must have committed
        int waiting = group.size();
        rollback();
        if (waiting > 0) {
            modes.precisely(waiting + 1);
            throw new PreciseReplayNeeded("GTID " + gtid + " was rolled back on the source while " + waiting
                    + " transactions shared its target transaction; replaying them one at a time", null);
        }
    }

    /** Also gives up the connection, which may be broken. */
    @Override
    public void rollback() {
        session.settleQuietly();
        if (rows.takePipelineFailed()) {
            modes.precisely(unanswered + group.size() + 1);   // the failed commit's transactions, the group's and the open one
        }
        unanswered = 0;
        rows.clear();
        group.clear();
        open = false;
        if (session.isOpen()) {
            session.discard();
            rows.connectionLost();
        }
    }

    @Override
    public void ddl(DdlChange sourceDdl, SourceSession source, Position after, long origin) {
        rows.unit(gtid, modes.next());
        ddl.apply(sourceDdl, source, gtid, origin, modes.tolerant());
        commitNow(after, 1);   // the DDL is committed already; its checkpoint must not wait for a group
    }

    /**
     * Creates the table of a {@code CREATE TABLE ... SELECT} before its rows arrive (no checkpoint:
     * the source transaction goes on with the rows and commits with them).
     */
    @Override
    public void createForRows(DdlChange sourceDdl, SourceSession source) {
        ddl.createForRows(sourceDdl, source, gtid);
    }

    @Override
    public void gtid(String gtid) {
        this.gtid = gtid;
    }

    @Override
    public void close() {
        rollback();
        session.close();
    }
}
