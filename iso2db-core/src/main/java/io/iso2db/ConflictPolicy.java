package io.iso2db;

/**
 * What a task does when a row change does not fit the target: an UPDATE or DELETE whose before
 * image does not match the target's row (or finds no row), or an INSERT that hits an existing key.
 * Such conflicts arise in active-active setups when both regions change the same row.
 */
public enum ConflictPolicy {
    /** Stop the task, naming the GTID, table and key; nothing after it is applied (default). */
    FAIL,
    /** The source wins: its change is applied over the target's row (the original tool's behaviour). */
    OVERWRITE,
    /**
     * As {@link #OVERWRITE}, and the conflict is recorded in {@code iso2db.conflict} with both
     * images, in the same transaction.
     */
    LOG
}
