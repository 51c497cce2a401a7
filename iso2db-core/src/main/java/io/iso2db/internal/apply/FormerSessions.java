package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target sessions a task's apply connections had before they were given up. A connection
 * given up on the client side (a timeout, a cut link) may live on in the server, with a COMMIT
 * still on its way to it; had the task read its checkpoint before that commit landed, it would
 * apply the same transaction twice. So before the task reads its checkpoint again it kills those
 * sessions (a user may kill its own sessions without any privilege) and waits until the server
 * no longer lists them: from then on the checkpoint in the target is final. A session is known by
 * its id and the time its server started: after a restart of the server the ids are handed out
 * anew and the former sessions are gone anyway, so nothing is killed then.
 */
public final class FormerSessions {

    /** ER_NO_SUCH_THREAD: the session has ended already. */
    private static final int NO_SUCH_THREAD = 1094;
    private static final long WAIT_MILLIS = 60_000;

    /** A session on the target: its id and when its server started (epoch seconds). */
    record Session(long id, long serverStart) {
    }

    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    /** The session {@code c} has on the server, asked when it opens (later the connection may be broken). */
    static Session of(Connection c) throws SQLException {
        long id;
        long now;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID(), UNIX_TIMESTAMP()")) {
            rs.next();
            id = rs.getLong(1);
            now = rs.getLong(2);
        }
        return new Session(id, now - uptime(c));
    }

    private static long uptime(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    /** Remembers a session that is being given up. */
    void add(Session s) {
        sessions.add(s);
    }

    /** Kills every remembered session that is still there and waits until the server no longer lists them. */
    public void endAll(ConnectionSettings target) {
        if (sessions.isEmpty()) {
            return;
        }
        List<Session> ending = List.copyOf(sessions);
        try (Connection c = Jdbc.open(target, "target")) {
            Session now = of(c);
            List<Long> killed = new java.util.ArrayList<>();
            for (Session s : ending) {
                // a restarted server (start time moved) ended them all; an id held by another user is not ours
                if (Math.abs(s.serverStart() - now.serverStart()) <= 2 && heldBy(c, s.id(), target.user())) {
                    kill(c, s.id());
                    killed.add(s.id());
                }
            }
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            for (long id : killed) {
                awaitGone(c, id, deadline, target);
            }
            sessions.removeAll(ending);
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot end the former apply sessions " + ending
                    + " on the target " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private static boolean heldBy(Connection c, long id, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?"
                + " AND USER = ?")) {
            ps.setLong(1, id);
            ps.setString(2, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static void kill(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("KILL " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != NO_SUCH_THREAD) {
                throw e;
            }
        }
    }

    private static void awaitGone(Connection c, long id, long deadline, ConnectionSettings target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            ps.setLong(1, id);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "The former apply session " + id + " on the"
                            + " target " + target.describe() + " was killed but is still there after " + WAIT_MILLIS / 1000
                            + " s (rolling back a large transaction?); trying again");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Interrupted while waiting for the former"
                            + " apply session " + id + " on " + target.describe() + " to end");
                }
            }
        }
    }
}
