package io.iso2db.internal.jdbc;

import io.iso2db.Position;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * A server's current end of binary log, the one place that reads it: {@code SHOW MASTER STATUS},
 * or {@code SHOW BINARY LOG STATUS} where the former is gone (MySQL 8.4; untested here). The GTID
 * state at that end is read only when a position is asked for ({@link #position}).
 *
 * @param file        the binlog file being written
 * @param offset      the offset after its last event
 * @param executedSet MySQL's {@code Executed_Gtid_Set}; null where the status has no such column (MariaDB)
 * @param doDbs       {@code binlog_do_db} (comma-separated, may be empty)
 * @param ignoreDbs   {@code binlog_ignore_db}
 */
public record BinlogStatus(String file, long offset, String executedSet, String doDbs, String ignoreDbs) {

    private static final int SYNTAX_ERROR = 1064;

    /** The status, or empty when binary logging is off. */
    public static Optional<BinlogStatus> read(Statement st) throws SQLException {
        try (ResultSet rs = show(st)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String executed = hasColumn(rs, "Executed_Gtid_Set") ? rs.getString("Executed_Gtid_Set") : null;
            return Optional.of(new BinlogStatus(rs.getString(1), rs.getLong(2), executed,
                    nullToEmpty(rs.getString("Binlog_Do_DB")), nullToEmpty(rs.getString("Binlog_Ignore_DB"))));
        }
    }

    private static ResultSet show(Statement st) throws SQLException {
        try {
            return st.executeQuery("SHOW MASTER STATUS");
        } catch (SQLException e) {
            if (e.getErrorCode() != SYNTAX_ERROR) {
                throw e;
            }
            return st.executeQuery("SHOW BINARY LOG STATUS");
        }
    }

    private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** This status as a position to start from, with its GTID state (on MariaDB read with {@code st}). */
    public Position position(Statement st, boolean mariadb) throws SQLException {
        String gtid = mariadb ? mariaDbGtidAt(st, file, offset) : executedSet;
        return Position.of(file, offset, gtid == null || gtid.isBlank() ? null : gtid.replace("\n", ""));
    }

    /** MariaDB's GTID state at a file offset ({@code BINLOG_GTID_POS}), or null when the server has none. */
    public static String mariaDbGtidAt(Statement st, String file, long offset) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT BINLOG_GTID_POS('" + file.replace("'", "''") + "', " + offset + ")")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Whether a {@code VERSION()} string is MariaDB's (else MySQL). */
    public static boolean isMariaDb(String version) {
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
