package io.iso2db.internal.checkpoint;

import io.iso2db.Position;

/** A store whose in-transaction write is one SQL statement, sent with the transaction's rows and COMMIT. */
public interface InlineCheckpoint {

    /** The checkpoint write for {@code position} as one statement with literal values. */
    String upsertSql(Position position);

    /** Creates what the in-target write needs when missing; called once the task's checks passed, before the first write. */
    void ensureReady();
}
