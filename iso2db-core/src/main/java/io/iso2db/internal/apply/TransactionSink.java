package io.iso2db.internal.apply;

import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.internal.ddl.SourceSession;

/**
 * What the transaction assembler hands its work to: source transactions, whole and in order, as
 * begin / rows / commit, and DDL statements. {@link Applier} writes them to the target.
 */
public interface TransactionSink {

    /** The target definitions the rows are decoded against. */
    TableDefinitions definitions();

    /** When true, the next unit may have been applied before a restart. */
    void tolerant(boolean on);

    /** The GTID of the unit being read (for messages), may be null. */
    void gtid(String gtid);

    /** Opens a target transaction for source transaction {@code gtid}, first written in region {@code origin}. */
    void begin(String gtid, long origin);

    /**
     * Opens a target XA transaction for source transaction {@code gtid}, which ends with XA PREPARE;
     * false when the target holds it prepared already (read again after a restart): skip its rows.
     */
    boolean beginXa(String gtid, long origin, XaId xid);

    /** Prepares the open XA transaction on the target, then checkpoints {@code after}. */
    void prepareXa(XaId xid, Position after);

    /** Commits or rolls back the XA transaction the source prepared as {@code xid}, then checkpoints {@code after}. */
    void completeXa(XaId xid, boolean commit, Position after);

    /** A {@code SAVEPOINT} or {@code ROLLBACK TO} of the open transaction, at its place among the rows. */
    void savepoint(String sql);

    /** The foreign-key and unique check flags the next rows were written with. */
    void checks(int flags);

    void row(RowOp op);

    /** Whether a target transaction is open (begun, not yet committed or rolled back). */
    boolean inTransaction();

    /** Ends the open transaction; false when its commit waits in a group. */
    boolean commit(Position position);

    /** The source rolled back the open transaction: undoes it on the target (its ROLLBACK event). */
    void rollbackTransaction();

    /** Abandons the open transaction and any waiting group. */
    void rollback();

    /** Whether complete transactions wait for their group's commit. */
    boolean groupPending();

    /** Whether the waiting group must be committed now. */
    boolean groupDue();

    /** Loop-control origin of the waiting group. */
    long groupOrigin();

    /** Commits the waiting group; returns its checkpoint. */
    Position commitGroup();

    /**
     * Runs {@code told} once the last commit is known to have committed: at once, unless that commit
     * is still on its way to the target (then when its answer is in, and never if it failed). What
     * the task is told of commits goes through here, so it is told in order and only the truth.
     */
    default void afterCommit(Runnable told) {
        told.run();
    }

    /** Waits for the answer to a commit still on its way, if any (and runs what waited for it); throws its failure. */
    default void settle() {
    }

    /**
     * Creates the table a {@code CREATE TABLE ... SELECT} transaction fills with the rows that follow;
     * {@code source}: the settings of the source session that decide what the statement creates.
     */
    void createForRows(DdlChange ddl, SourceSession source);

    /**
     * Runs a DDL statement (first written in region {@code origin}) with the source session's
     * settings ({@link SourceSession}), then checkpoints {@code after}.
     */
    void ddl(DdlChange ddl, SourceSession source, Position after, long origin);
}
