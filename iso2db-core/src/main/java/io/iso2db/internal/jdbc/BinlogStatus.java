package io.iso2db.internal.jdbc;

import io.iso2db.Position;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * A server's current end of binary log, the one place that reads it: {@code SHOW MASTER STATUS},
 * or {@code SHOW BINARY LOG STATUS} where the former is gone (MySQL 8.4; untested here). With its
 * GTID state: MariaDB's {@code BINLOG_GTID_POS} at that offset, MySQL's executed set.
 *
 * @param file      the binlog file being written
 * @param offset    the offset after its last event
 * @param gtidSet   the GTID state at that offset, or null when the server has none
 * @param doDbs     {@code binlog_do_db} (comma-separated, may be empty)
 * @param ignoreDbs {@code binlog_ignore_db}
 */
public record BinlogStatus(String file, long offset, String gtidSet, String doDbs, String ignoreDbs) {

    private static final int SYNTAX_ERROR = 1064;

    /** The status, or empty when binary logging is off. */
    public static Optional<BinlogStatus> read(Statement st) throws SQLException {
        boolean mariadb = isMariaDb(st);
        String file;
        long offset;
        String executed;
        String doDbs;
        String ignoreDbs;
        try (ResultSet rs = show(st)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            file = rs.getString(1);
            offset = rs.getLong(2);
            doDbs = nullToEmpty(rs.getString("Binlog_Do_DB"));
            ignoreDbs = nullToEmpty(rs.getString("Binlog_Ignore_DB"));
            executed = mariadb ? null : rs.getString("Executed_Gtid_Set");
        }
        String gtid = mariadb ? mariaDbGtidAt(st, file, offset) : executed;
        gtid = gtid == null || gtid.isBlank() ? null : gtid.replace("\n", "");
        return Optional.of(new BinlogStatus(file, offset, gtid, doDbs, ignoreDbs));
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

    /** This status as a position to start from. */
    public Position position() {
        return Position.of(file, offset, gtidSet);
    }

    /** MariaDB's GTID state at a file offset ({@code BINLOG_GTID_POS}), or null when the server has none. */
    public static String mariaDbGtidAt(Statement st, String file, long offset) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT BINLOG_GTID_POS('" + file.replace("'", "''") + "', " + offset + ")")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Whether the server is MariaDB (else MySQL), from {@code VERSION()}. */
    public static boolean isMariaDb(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return isMariaDb(rs.getString(1));
        }
    }

    /** Whether a {@code VERSION()} string is MariaDB's. */
    public static boolean isMariaDb(String version) {
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
