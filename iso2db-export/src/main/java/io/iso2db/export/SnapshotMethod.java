package io.iso2db.export;

/** How an export makes all its connections read the same consistent state of the source. */
public enum SnapshotMethod {
    /**
     * MariaDB: {@link #CONSISTENT_SNAPSHOT}; falls back to {@link #LOCK} when the source never
     * gives one quiet moment and the user has RELOAD. MySQL: {@link #LOCK}.
     */
    AUTO,
    /**
     * MariaDB only, no global lock: every connection runs {@code START TRANSACTION WITH
     * CONSISTENT SNAPSHOT}; the snapshots are accepted only when all report the same
     * {@code binlog_snapshot_file/position} (no commit in between), else opened again.
     */
    CONSISTENT_SNAPSHOT,
    /**
     * {@code FLUSH TABLES WITH READ LOCK} held only until every connection has opened its snapshot
     * and the binlog position is read (needs RELOAD); how long writes were blocked is logged.
     */
    LOCK
}
