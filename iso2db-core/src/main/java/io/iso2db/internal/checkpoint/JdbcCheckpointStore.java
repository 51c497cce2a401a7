package io.iso2db.internal.checkpoint;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.TableId;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.jdbc.SqlScript;
import io.iso2db.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The classic status database: {@code dump2db.position} on a separate server, keyed by
 * {@code server_id}, written after each data commit, as operators and tools expect.
 *
 * <p>A position written after the commit alone is at-least-once, and replaying a transaction
 * cannot be made harmless for tables without a key (a second INSERT duplicates the row). So the
 * position is also written in the target, in the data's own transaction, and a resume starts
 * from whichever of the two is further ahead: exactly-once for every table.
 */
public final class JdbcCheckpointStore implements CheckpointStore, InlineCheckpoint {

    private final ConnectionSettings server;
    private final String database;
    private final TargetCheckpointStore inTarget;
    private Context context;
    private Connection connection;
    private boolean binlog = true;

    public JdbcCheckpointStore(ConnectionSettings server, String database) {
        this(server, database, "iso2db");
    }

    /** With the target's half of the checkpoint in {@code targetDatabase} (default {@code iso2db}). */
    public JdbcCheckpointStore(ConnectionSettings server, String database, String targetDatabase) {
        this.inTarget = new TargetCheckpointStore(targetDatabase);
        this.server = java.util.Objects.requireNonNull(server, "status server");
        if (database == null || database.isBlank()) {
            throw new io.iso2db.Iso2dbException(io.iso2db.ErrorCode.INVALID_CONFIGURATION,
                    "status database name must not be empty");
        }
        this.database = database;
    }

    @Override
    public void open(Context context) {
        this.context = context;
        inTarget.open(context);
        try {
            SqlScript.run(connection(), "V2__status_dump2db.sql", "dump2db", database);
            ensureEpochColumn();
        } catch (SQLException e) {
            throw fail("create " + database + ".position (or create it from create/V2__status_dump2db.sql)", e);
        }
    }

    /** Status tables created before cluster mode get the epoch column (V7); concurrent tasks may race to add it. */
    private void ensureEpochColumn() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT 1 FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'position' AND COLUMN_NAME = 'epoch'")) {
            ps.setString(1, database);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try {
            SqlScript.run(connection(), "V7__status_epoch.sql", "dump2db", database);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1060) {   // ER_DUP_FIELDNAME: another task added it a moment ago
                throw e;
            }
        }
    }

    @Override
    public void ensureReady() {
        inTarget.ensureReady();
    }

    @Override
    public long takeOver() {
        return inTarget.takeOver();
    }

    @Override
    public boolean fenced() {
        return inTarget.fenced();
    }

    @Override
    public void checkEpoch(Position position) {
        inTarget.checkEpoch(position);
    }

    @Override
    public Optional<Position> load() {
        Optional<Position> status = loadStatus();
        Optional<Position> target = inTarget.load();
        if (status.isEmpty() || target.isEmpty()) {
            return target.isPresent() ? target : status;
        }
        // the status row may have been moved forward by hand (the original tool's way to skip): honour that
        boolean comparable = status.get().hasFile() && target.get().hasFile();
        return comparable && status.get().compareFileTo(target.get()) > 0 ? status : target;
    }

    @Override
    public void saveInTransaction(Position position, Connection target) {
        inTarget.saveInTransaction(position, target);
    }

    @Override
    public String upsertSql(Position position) {
        return inTarget.upsertSql(position);
    }

    private Optional<Position> loadStatus() {
        try (PreparedStatement ps = connection().prepareStatement("SELECT binlog_file, binlog_pos, gtid_set FROM "
                + TableId.quote(database) + ".`position` WHERE server_id = ?")) {
            ps.setLong(1, context.key().serverId());
            try (ResultSet rs = ps.executeQuery()) {
                return PositionRow.read(rs);
            }
        } catch (SQLException e) {
            throw fail("read the position", e);
        }
    }

    @Override
    public void saveCommitted(Position position) {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (PreparedStatement ps = connection().prepareStatement("INSERT INTO " + TableId.quote(database)
                    + ".`position` (server_id, task, binlog_file, binlog_pos, gtid_set, updated_at, epoch)"
                    + " VALUES (?, ?, ?, ?, ?, NOW(6), ?) ON DUPLICATE KEY UPDATE"
                    // a former owner (lower epoch, cluster mode) never moves the row of the task's new owner
                    + " task = IF(VALUES(epoch) >= epoch, VALUES(task), task),"
                    + " binlog_file = IF(VALUES(epoch) >= epoch, VALUES(binlog_file), binlog_file),"
                    + " binlog_pos = IF(VALUES(epoch) >= epoch, VALUES(binlog_pos), binlog_pos),"
                    + " gtid_set = IF(VALUES(epoch) >= epoch, VALUES(gtid_set), gtid_set),"
                    + " updated_at = IF(VALUES(epoch) >= epoch, VALUES(updated_at), updated_at),"
                    + " epoch = GREATEST(epoch, VALUES(epoch))")) {
                ps.setLong(1, context.key().serverId());
                ps.setString(2, context.key().task());
                PositionRow.bind(ps, 3, position);
                ps.setLong(6, inTarget.epoch());
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                last = e;
                Jdbc.closeQuietly(connection);
                connection = null;
            }
        }
        throw fail("write the position", last);
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.EXACTLY_ONCE;
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection);
        connection = null;
    }

    /** Whether status writes go to the status server's binlog (original tool: {@code [status] binlog}); default on. */
    public JdbcCheckpointStore binlog(boolean on) {
        this.binlog = on;
        return this;
    }

    private Connection connection() {
        if (connection == null) {
            connection = Jdbc.open(server, "status");
            if (!binlog) {
                try (java.sql.Statement st = connection.createStatement()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                } catch (SQLException e) {
                    throw fail("switch off binary logging of status writes ([status] binlog=False needs BINLOG ADMIN"
                            + " or SUPER)", e);
                }
            }
        }
        return connection;
    }

    private Iso2dbException fail(String what, SQLException e) {
        return new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot " + what + " in the status database "
                + database + " on " + server.describe() + " (server_id " + context.key().serverId() + "): "
                + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "jdbc(" + server.describe() + "/" + database + ".position)";
    }
}
