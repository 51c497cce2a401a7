package io.iso2db.event;

import io.iso2db.Position;
import java.time.Instant;
import java.util.Set;

/**
 * A source transaction as committed on the target. Rows are streamed to the target as they are
 * read, so a transaction carries its summary, not its rows.
 *
 * @param gtid            the source GTID, or null when the source writes none
 * @param position        the position right after this transaction
 * @param tables          the tables it changed on the target
 * @param rows            the number of row changes applied
 * @param sourceCommitted when the source committed it (binlog event time, second precision)
 * @param applied         when the target committed it
 * @param inserts         how many of the row changes were inserts
 * @param updates         how many were updates
 * @param deletes         how many were deletes
 */
public record Transaction(String gtid, Position position, Set<TableId> tables, long rows, Instant sourceCommitted,
                          Instant applied, long inserts, long updates, long deletes) {

    /** Replication lag of this transaction: target commit minus source commit, in milliseconds. */
    public long lagMillis() {
        return Math.max(0, applied.toEpochMilli() - sourceCommitted.toEpochMilli());
    }
}
