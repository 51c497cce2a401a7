package io.iso2db.internal.pipeline;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.jdbc.BinlogStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the server to read the binlog from after a loss: the current one while it answers,
 * else the first other server of the source's group that holds every transaction the target has
 * (its GTID state contains the task's committed GTIDs). A server that answers but lacks some is
 * never read from: the transactions it lacks would be lost without a word.
 */
final class SourceFailover {

    private SourceFailover() {
    }

    /**
     * The server to read from instead of {@code current}, which does not answer (ask {@link #answers} first).
     *
     * @param current   the server read from until now
     * @param group     the configured source followed by its failover servers
     * @param committed the task's last committed position
     * @return the first other server that holds every committed transaction, or {@code current} when none answers
     */
    static ConnectionSettings replacement(ConnectionSettings current, List<ConnectionSettings> group, Position committed) {
        List<String> lacking = new ArrayList<>();
        for (ConnectionSettings s : group) {
            if (s == current) {
                continue;
            }
            try (Connection c = openOrNull(s)) {
                if (c == null) {
                    continue;   // does not answer either: try the next
                }
                String missing = missing(c, committed.gtidSet().orElseThrow(() -> new Iso2dbException(
                        ErrorCode.POSITION_MISMATCH, "The source " + current.describe() + " does not answer, but the"
                        + " task's position " + committed + " has no GTIDs: it cannot be found on another server."
                        + " Enable GTIDs on the source.")));
                if (missing == null) {
                    return s;
                }
                lacking.add(s.describe() + " (" + missing + ")");
            } catch (SQLException e) {
                // its answer broke off: try the next
            }
        }
        if (!lacking.isEmpty()) {
            throw new Iso2dbException(ErrorCode.POSITION_MISMATCH, "The source " + current.describe() + " does not answer,"
                    + " and the servers to fail over to lack transactions the target already has: " + lacking
                    + ". Nothing was read from them. Bring back the source or a server that has them; if they are"
                    + " lost for good, the target holds changes no remaining source has: re-export.");
        }
        return current;
    }

    private static Connection openOrNull(ConnectionSettings s) {
        try {
            return io.iso2db.internal.jdbc.Jdbc.open(s, "source");
        } catch (Iso2dbException e) {
            return null;
        }
    }

    static boolean answers(ConnectionSettings s) {
        try (Connection c = io.iso2db.internal.jdbc.Jdbc.open(s, "source"); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException | Iso2dbException e) {
            return false;
        }
    }

    /** What of {@code gtids} the server lacks (a description), or null when it has them all. */
    private static String missing(Connection c, String gtids) throws SQLException {
        if (!BinlogStatus.isMariaDb(c.getMetaData().getDatabaseProductVersion())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed), @@GLOBAL.gtid_executed")) {
                ps.setString(1, gtids);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1 ? null : "its gtid_executed " + rs.getString(2) + " lacks part of " + gtids;
                }
            }
        }
        String theirs;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            rs.next();
            theirs = rs.getString(1);
        }
        Map<Long, Long> has = sequences(theirs);
        for (Map.Entry<Long, Long> need : sequences(gtids).entrySet()) {
            if (has.getOrDefault(need.getKey(), -1L) < need.getValue()) {
                return "its binlog ends at " + (theirs == null || theirs.isEmpty() ? "nothing" : theirs)
                        + ", the target has " + gtids;
            }
        }
        return null;
    }

    /** Domain → highest sequence number of a MariaDB GTID list such as {@code 0-1-120,1-2-7}. */
    private static Map<Long, Long> sequences(String gtids) {
        Map<Long, Long> seq = new HashMap<>();
        if (gtids == null || gtids.isBlank()) {
            return seq;
        }
        for (String g : gtids.split(",")) {
            String[] p = g.trim().split("-");
            if (p.length == 3) {
                seq.merge(Long.parseLong(p[0]), Long.parseLong(p[2]), Math::max);
            }
        }
        return seq;
    }
}
