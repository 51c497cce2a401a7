package io.iso2db.export;

import io.iso2db.event.TableId;
import java.time.Duration;

/**
 * Where an export stands, after a chunk was committed on the target. Row totals are the server's
 * estimates (exact counts would cost a scan), so a percentage can pass 100 slightly.
 *
 * @param table              the table whose chunk just committed
 * @param tableRows          rows of that table committed so far
 * @param tableRowsEstimated the server's estimate for that table
 * @param rows               rows committed so far, all tables
 * @param rowsEstimated      estimated rows of all tables
 * @param bytes              SQL bytes written to the target so far
 * @param elapsed            time since the copy started
 * @param remaining          estimated time left, or null before there is a rate to go by
 */
public record ExportProgress(TableId table, long tableRows, long tableRowsEstimated, long rows, long rowsEstimated,
                             long bytes, Duration elapsed, Duration remaining) {

    /** Completed share of the estimated rows, 0..100 (capped). */
    public double percent() {
        return rowsEstimated <= 0 ? 100 : Math.min(100, 100.0 * rows / rowsEstimated);
    }
}
