package io.iso2db.export;

import io.iso2db.event.TableId;
import java.time.Duration;

/**
 * Where a verify stands, after a chunk was compared. Row totals are the server's estimates.
 *
 * @param table         the table whose chunk was just compared
 * @param rows          source rows compared so far, all tables
 * @param rowsEstimated estimated rows of all tables
 * @param differences   differing rows found so far
 * @param elapsed       time since the comparison started
 */
public record VerifyProgress(TableId table, long rows, long rowsEstimated, long differences, Duration elapsed) {

    /** Completed share of the estimated rows, 0..100 (capped). */
    public double percent() {
        return rowsEstimated <= 0 ? 100 : Math.min(100, 100.0 * rows / rowsEstimated);
    }
}
