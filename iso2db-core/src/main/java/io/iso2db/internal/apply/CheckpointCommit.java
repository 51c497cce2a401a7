package io.iso2db.internal.apply;

import io.iso2db.Position;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.spi.CheckpointStore;

/**
 * Ends a target transaction: its rows, its checkpoint in the same transaction, COMMIT, then the
 * store is told. Pipelined with a checkpoint written as a statement, all of it is one round trip;
 * a fenced task's checkpoint fails when another node took the task over, so nothing commits.
 */
final class CheckpointCommit {

    private final CheckpointStore store;
    private final ApplySession session;
    private final RowWriter rows;

    CheckpointCommit(CheckpointStore store, ApplySession session, RowWriter rows) {
        this.store = store;
        this.session = session;
        this.rows = rows;
    }

    /**
     * Sent ahead (see {@link RowWriter#sendAhead}), the commit may still be on its way when this
     * returns; the store is told once it is answered. A fenced task waits for the answer here.
     */
    void commit(Position position) {
        if (rows.mode().pipelined() && store instanceof InlineCheckpoint inline) {
            rows.addToRoundTrip(inline.upsertSql(position));
            if (inline.fenced()) {
                rows.failIf("ROW_COUNT() <> 1");   // another node took the task over: nothing commits
            }
            rows.addToRoundTrip("COMMIT");
            try {
                rows.send();
                if (inline.fenced()) {
                    session.settle();
                }
            } catch (PreciseReplayNeeded e) {
                if (inline.fenced()) {
                    inline.checkEpoch(position);   // FENCED rather than a replay when that is why it failed
                }
                throw e;
            }
        } else {
            rows.send();
            store.saveInTransaction(position, session.connection());
            session.commit("committing");
        }
        session.afterAnswer(() -> store.saveCommitted(position));
    }
}
