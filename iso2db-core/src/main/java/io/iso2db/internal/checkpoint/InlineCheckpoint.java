package io.iso2db.internal.checkpoint;

import io.iso2db.Position;

/** A store whose in-transaction write is one SQL statement, sent with the transaction's rows and COMMIT. */
public interface InlineCheckpoint {

    /** The checkpoint write for {@code position} as one statement with literal values. */
    String upsertSql(Position position);

    /** Creates what the in-target write needs when missing; called once the task's checks passed, before the first write. */
    void ensureReady();

    /**
     * Takes the task over (cluster mode): raises the epoch of its checkpoint row in one target
     * transaction, so every write of a former owner fails from then on; this store's writes from
     * then on succeed only while the epoch is still this one.
     *
     * @return the new epoch
     */
    long takeOver();

    /**
     * Reads the epoch of the task's row and fails with {@code FENCED} when another node raised it.
     *
     * @param position the end of the transaction that could not commit (for the message)
     */
    void checkEpoch(Position position);

    /** Whether writes check the epoch ({@link #takeOver()} was called): the write must then find its row. */
    boolean fenced();
}
