package io.iso2db.server;

import io.iso2db.Position;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.internal.server.TaskStatusTable;
import java.util.Optional;

/** One line of {@code iso2db status}: tab-separated, the task's name first. */
final class StatusLine {

    /** A RUNNING task whose row is older than this is reported as possibly stale (rows are written every 5 s). */
    private static final long STALE_MS = 30_000;

    private StatusLine() {
    }

    static String of(TaskSettings task, Optional<Position> stored, TaskStatusTable.Row row) {
        StringBuilder sb = new StringBuilder(task.name());
        if (row == null) {
            sb.append("\tNOT_REPORTED");
        } else {
            sb.append('\t').append(row.state()).append("\tnode=").append(row.node());
        }
        sb.append("\tserver_id=").append(task.serverId()).append("\tposition=")
                .append(stored.map(Position::toString).orElse("none (never replicated)"));
        if (row != null) {
            sb.append("\tlag_ms=").append(row.lagMillis() == null ? "-" : row.lagMillis().toString())
                    .append("\ttransactions=").append(row.transactions())
                    .append("\treported=").append(row.ageMillis() / 1000).append("s ago");
            if (row.ageMillis() > STALE_MS && !row.state().equals("STOPPED") && !row.state().equals("FAILED")) {
                sb.append(" (no report since: is the service running?)");
            }
            if (row.lastError() != null) {
                sb.append("\tlast_error=").append(row.lastError().replace('\n', ' '));
            }
        }
        return sb.toString();
    }
}
