package io.iso2db.internal.preflight;

import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.config.ReplicatorConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * With loop control on, the target must log the marker writes where the other regions read them:
 * binlog on in ROW format, marker table present, InnoDB, not excluded from the binlog; and every
 * replicated table transactional on both sides (a non-transactional table cannot be rolled back
 * with its marker, so a change to it could echo).
 */
final class LoopControlPreflight {

    private LoopControlPreflight() {
    }

    static void check(ReplicatorConfig cfg, Connection source, Connection target) throws SQLException {
        String where = "the target " + cfg.target().describe();
        try (Statement st = target.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format")) {
                rs.next();
                if (!"1".equals(rs.getString(1)) && !"ON".equalsIgnoreCase(rs.getString(1))) {
                    throw notReady("the binary log is off on " + where + ", so the marker never reaches the other"
                            + " regions. Start it with log_bin and a server_id.");
                }
                if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                    throw notReady("binlog_format is " + rs.getString(2) + " on " + where + "; set binlog_format=ROW.");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT ENGINE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = 'iso2db' AND TABLE_NAME = 'marker'")) {
                if (!rs.next()) {
                    throw notReady("the marker table iso2db.marker is missing on " + where + ". Create it once"
                            + " with LoopControl.installMarkerTable(target) or the script create/V3__loop_marker.sql.");
                }
                if (!"InnoDB".equalsIgnoreCase(rs.getString(1))) {
                    throw notReady("iso2db.marker on " + where + " is " + rs.getString(1) + "; it must be InnoDB"
                            + " (ALTER TABLE iso2db.marker ENGINE=InnoDB).");
                }
            }
            var status = BinlogStatus.read(st);
            if (status.isPresent()) {
                List<String> doDb = names(status.get().doDbs());
                List<String> ignoreDb = names(status.get().ignoreDbs());
                if ((!doDb.isEmpty() && !doDb.contains("iso2db")) || ignoreDb.contains("iso2db")) {
                    throw notReady("the database iso2db is filtered out of the binlog on " + where
                            + " (binlog_do_db=" + doDb + ", binlog_ignore_db=" + ignoreDb + "); the marker must"
                            + " be logged. Remove that filter.");
                }
            }
        }
        List<String> bad = new ArrayList<>();
        bad.addAll(NonTransactionalTables.of(source, cfg.databases(), cfg.filter()::includesTable, "source"));
        bad.addAll(NonTransactionalTables.of(target, cfg.databases(), cfg.filter()::includesTable, "target"));
        if (!bad.isEmpty()) {
            throw notReady("replicated tables are not transactional: " + String.join(", ", bad) + ". A change to"
                    + " such a table cannot be tied to its marker and would echo between regions. Convert them"
                    + " (ALTER TABLE ... ENGINE=InnoDB) or leave them out of this task (excludeTables).");
        }
    }

    private static List<String> names(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).toList();
    }

    private static Iso2dbException notReady(String what) {
        return new Iso2dbException(ErrorCode.LOOP_CONTROL_NOT_READY, "Loop control cannot start: " + what);
    }
}
