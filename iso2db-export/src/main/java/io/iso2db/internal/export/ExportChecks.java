package io.iso2db.internal.export;

import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/** What an export needs, checked before anything on the target is dropped. */
final class ExportChecks {

    private ExportChecks() {
    }

    static void sourceCanRead(Connection c, List<ExportTable> tables, String who) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (ExportTable t : tables) {
                try {
                    st.executeQuery("SELECT " + t.columnList() + " FROM " + t.id().quoted() + " LIMIT 0").close();
                } catch (SQLException e) {
                    if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
                        throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + who + " may not read "
                                + t.id() + " (" + e.getMessage() + "). GRANT SELECT ON " + t.id().database()
                                + ".* TO the user. Nothing was changed on the target.", e);
                    }
                    throw e;
                }
            }
            try {
                BinlogStatus.read(st);
            } catch (SQLException e) {
                throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + who + " may not read the"
                        + " binlog position (SHOW MASTER STATUS): GRANT REPLICATION CLIENT (BINLOG MONITOR on MariaDB)."
                        + " Nothing was changed on the target.", e);
            }
        }
    }

    static boolean hasReload(Connection c) throws SQLException {
        String grants = grants(c);
        return grants.contains("ALL PRIVILEGES ON *.*") || grants.matches("(?s).*GRANT [^\\n]*\\bRELOAD\\b[^\\n]* ON \\*\\.\\*.*");
    }

    static void requireReload(String who) {
        throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + who + " lacks RELOAD, which"
                + " FLUSH TABLES WITH READ LOCK needs (SnapshotMethod.LOCK, and AUTO on MySQL): GRANT RELOAD ON *.*."
                + " On MariaDB, SnapshotMethod.CONSISTENT_SNAPSHOT needs no lock. Nothing was changed on the target.");
    }

    static void targetCanWrite(Connection c, String who) throws SQLException {
        String grants = grants(c);
        if (grants.contains("ALL PRIVILEGES ON *.*")) {
            return;
        }
        for (String p : List.of("CREATE", "DROP", "INSERT")) {
            if (!grants.contains(p)) {
                throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The target user " + who + " lacks " + p
                        + ", which re-creating and filling the tables needs. Nothing was changed on the target.");
            }
        }
    }

    private static String grants(Connection c) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) {
                out.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        return out.toString();
    }
}
