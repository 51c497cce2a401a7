package io.iso2db.filter;

import io.iso2db.event.RowChange;
import io.iso2db.event.TableId;

/**
 * Decides what a task replicates. Tables are decided first: rows of a table that is not
 * included are never decoded. Implementations must be thread-safe and fast.
 */
public interface Filter {

    /** Whether changes to {@code table} (rows and DDL) are replicated. */
    boolean includesTable(TableId table);

    /** Whether a database is replicated at all (for database-level DDL). */
    boolean includesDatabase(String database);

    /**
     * Whether a whole source transaction (rows and DDL) is replicated, decided from its GTID when
     * it starts ({@code domain-server-sequence} on MariaDB, {@code uuid:sequence} on MySQL; null
     * when the source logs none); all by default. E.g. skip what a given server id wrote.
     */
    default boolean includesTransaction(String gtid) {
        return true;
    }

    /** Whether one row change of an included table is replicated; all by default. */
    default boolean includesRow(RowChange row) {
        return true;
    }

    /**
     * Whether a statement that deletes every row of an included table or of one of its partitions
     * ({@code TRUNCATE TABLE}, {@code ALTER TABLE ... TRUNCATE PARTITION}) is applied. The source logs
     * these as DDL, not as row deletes, so {@link #includesRow} never sees them: a filter that keeps
     * deleted rows on the target should return false here too. All by default; false for
     * {@link Filters#ignoreOperations} with DELETE. A statement not applied is logged as a warning.
     */
    default boolean includesTruncate(TableId table) {
        return true;
    }
}
