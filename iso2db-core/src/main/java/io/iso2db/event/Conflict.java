package io.iso2db.event;

import io.iso2db.ConflictPolicy;

/**
 * A source row change that did not fit the target, and how it was resolved. Images are JSON
 * objects (column name to value; binary values that are not UTF-8 as {@code "0x..."} hex).
 *
 * @param gtid         the source transaction, or null when the source writes no GTIDs
 * @param table        the target table
 * @param operation    the source's change
 * @param kind         what did not fit
 * @param sourceBefore the source's before image (UPDATE, DELETE), else null
 * @param sourceAfter  the source's after image (INSERT, UPDATE), else null
 * @param targetRow    the target's row with the change's key before the change, or null when there was none
 * @param resolution   the policy that decided (OVERWRITE or LOG: the source's change was applied)
 */
public record Conflict(String gtid, TableId table, RowChange.Operation operation, Kind kind, String sourceBefore,
                       String sourceAfter, String targetRow, ConflictPolicy resolution) {

    /** What did not fit. */
    public enum Kind {
        /** An INSERT hit an existing key. */
        DUPLICATE_KEY,
        /** The target's row with the key differs from the source's before image. */
        ROW_DIFFERS,
        /** The target has no row with the key (or, without a key, none equal to the before image). */
        ROW_MISSING
    }
}
