package io.iso2db.internal.preflight;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds the named lock {@code iso2db.server_id.<id>} on the source for as long as a task runs.
 *
 * <p>The binlog client does not register as a replica, so {@code SHOW SLAVE HOSTS} cannot see
 * iso2db tasks; and when two dump connections share a {@code server_id} the server silently
 * kills the older one, so two such tasks would take turns forever. The lock makes the second
 * task fail at once with {@link ErrorCode#DUPLICATE_SERVER_ID}.
 */
public final class ServerIdGuard implements AutoCloseable {

    /**
     * A holder that just went away (a task restarted after a kill, a connection lost and re-made)
     * may still be known to the server for a moment: waited for this long before the lock counts as taken.
     */
    private static final int WAIT_SECONDS = 5;

    private final ConnectionSettings source;
    private final long serverId;
    private Connection connection;

    public ServerIdGuard(ConnectionSettings source, long serverId) {
        this.source = source;
        this.serverId = serverId;
    }

    /** Takes the lock, or re-takes it after the connection holding it was lost. */
    public synchronized void acquire() {
        acquire(false);
    }

    /**
     * As {@link #acquire()}; with {@code takeOver} (a fenced task moving to this node) the
     * connection holding the lock — a former owner that may be frozen — is killed first, so it
     * cannot keep the lock (its binlog dump ends when this node's dump with the same server_id starts).
     */
    public synchronized void acquire(boolean takeOver) {
        if (takeOver) {
            killHolder();
        }
        try {
            if (connection != null && connection.isValid(2)) {
                return;
            }
        } catch (SQLException ignored) {
            // re-acquire below
        }
        Jdbc.closeQuietly(connection);
        connection = Jdbc.open(source, "source");
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT GET_LOCK('" + lockName() + "', " + WAIT_SECONDS + ")")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                close();
                throw new Iso2dbException(ErrorCode.DUPLICATE_SERVER_ID, "Another iso2db task is already reading the"
                        + " source " + source.describe() + " with server_id " + serverId + ". Each task needs a"
                        + " server_id unique among the source's replicas; stop the other one or pick another server_id.");
            }
        } catch (SQLException e) {
            close();
            throw Jdbc.connectFailure(source, "source", e);
        }
    }

    private void killHolder() {
        try (Connection c = Jdbc.open(source, "source"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT IS_USED_LOCK('" + lockName() + "')")) {
            if (rs.next() && rs.getObject(1) != null) {
                long holder = rs.getLong(1);
                try (Statement kill = c.createStatement()) {
                    kill.execute("KILL CONNECTION " + holder);
                } catch (SQLException e) {
                    // gone meanwhile, or not ours to kill: GET_LOCK below says whether the lock is free
                }
            }
        } catch (SQLException e) {
            throw Jdbc.connectFailure(source, "source", e);
        }
    }

    /** Releases the lock at once (the server would release it only once it has handled the disconnect). */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try (Statement st = connection.createStatement()) {
                st.execute("DO RELEASE_LOCK('" + lockName() + "')");
            } catch (SQLException ignored) {
                // the connection is gone: so is the lock
            }
        }
        Jdbc.closeQuietly(connection);
        connection = null;
    }

    private String lockName() {
        return "iso2db.server_id." + serverId;
    }
}
