package io.iso2db.export;

import io.iso2db.Position;
import io.iso2db.event.TableId;
import java.time.Duration;
import java.util.List;

/**
 * A finished export.
 *
 * @param position      the source's binlog position (file+offset and GTID set) at which the copy is
 *                      consistent: a {@code Replicator} started there continues with no gap and no duplicate
 * @param tables        what was copied, per table
 * @param duration      wall time from snapshot to the last commit
 * @param snapshot      the snapshot method that was used
 * @param writesBlocked how long writes on the source were blocked (only with {@link SnapshotMethod#LOCK})
 */
public record ExportResult(Position position, List<TableCopy> tables, Duration duration, SnapshotMethod snapshot,
                           Duration writesBlocked) {

    public ExportResult {
        tables = List.copyOf(tables);
    }

    /** Rows copied, all tables. */
    public long rows() {
        return tables.stream().mapToLong(TableCopy::rows).sum();
    }

    /**
     * One table.
     *
     * @param table    the table
     * @param rows     rows copied
     * @param chunks   chunks it was copied in
     * @param chunkKey which key it was chunked on (auto-increment, primary key, unique key, index, none)
     */
    public record TableCopy(TableId table, long rows, int chunks, String chunkKey) {
    }
}
