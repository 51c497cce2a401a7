package io.iso2db.internal.checkpoint;

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

/** The position as a row of {@code <database>.checkpoint} in the target, written with the data: exactly-once. */
public final class TargetCheckpointStore implements CheckpointStore, InlineCheckpoint {

    /** ER_DUP_FIELDNAME: the epoch column was added meanwhile. */
    private static final int DUPLICATE_COLUMN = 1060;

    private final String database;
    private Context context;
    private String upsert;
    private String fencedUpdate;
    /** The epoch this store took the task over with (cluster mode), 0 when not fenced. */
    private volatile long epoch;
    /** Whether the checkpoint table is known to exist. */
    private volatile boolean ready;

    public TargetCheckpointStore(String database) {
        if (database == null || database.isBlank()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "checkpoint database name must not be empty");
        }
        this.database = database;
    }

    @Override
    public void open(Context context) {
        this.context = context;
        String table = TableId.quote(database) + ".`checkpoint`";
        this.upsert = "INSERT INTO " + table + " (task, server_id, binlog_file, binlog_pos, gtid_set, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, NOW(6)) ON DUPLICATE KEY UPDATE server_id = VALUES(server_id),"
                + " binlog_file = VALUES(binlog_file), binlog_pos = VALUES(binlog_pos), gtid_set = VALUES(gtid_set),"
                + " updated_at = VALUES(updated_at)";
        this.fencedUpdate = "UPDATE " + table + " SET server_id = ?, binlog_file = ?, binlog_pos = ?, gtid_set = ?,"
                + " updated_at = NOW(6) WHERE task = ? AND epoch = ?";
        try (Connection c = Jdbc.open(context.target(), "target")) {
            ready = tableExists(c);
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot read the checkpoint table " + database
                    + ".checkpoint on the target " + context.target().describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the checkpoint table when it is missing. Not part of {@link #open}: a task whose
     * preflight fails must leave the target as it was, so the table appears with the first write.
     */
    @Override
    public void ensureReady() {
        if (ready) {
            return;
        }
        try (Connection c = Jdbc.open(context.target(), "target")) {
            if (tableExists(c)) {
                ready = true;
                return;
            }
            if (!context.targetBinlog()) {
                try (var st = c.createStatement()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                } catch (SQLException e) {
                    // without the privilege the table is created binlogged; the apply session reports the grant
                }
            }
            SqlScript.run(c, "V1__checkpoint.sql", "iso2db", database);
            ready = true;
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot create the checkpoint table " + database
                    + ".checkpoint on the target " + context.target().describe() + ": " + e.getMessage()
                    + ". Grant CREATE on it, or create it from create/V1__checkpoint.sql.", e);
        }
    }

    private boolean tableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'checkpoint'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<Position> load() {
        if (!ready) {
            try (Connection c = Jdbc.open(context.target(), "target")) {
                if (!tableExists(c)) {
                    return Optional.empty();   // no table, no checkpoint
                }
                ready = true;
            } catch (SQLException e) {
                throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot read the checkpoint table " + database
                        + ".checkpoint: " + e.getMessage(), e);
            }
        }
        try (Connection c = Jdbc.open(context.target(), "target");
             PreparedStatement ps = c.prepareStatement("SELECT binlog_file, binlog_pos, gtid_set FROM "
                     + TableId.quote(database) + ".`checkpoint` WHERE task = ?")) {
            ps.setString(1, context.key().task());
            try (ResultSet rs = ps.executeQuery()) {
                return PositionRow.read(rs);
            }
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot read the checkpoint of task "
                    + context.key().task() + " from " + database + ".checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public void saveInTransaction(Position position, Connection target) {
        ensureReady();
        long fence = epoch;
        try (PreparedStatement ps = target.prepareStatement(fence > 0 ? fencedUpdate : upsert)) {
            if (fence > 0) {
                ps.setLong(1, context.key().serverId());
                PositionRow.bind(ps, 2, position);
                ps.setString(5, context.key().task());
                ps.setLong(6, fence);
            } else {
                ps.setString(1, context.key().task());
                ps.setLong(2, context.key().serverId());
                PositionRow.bind(ps, 3, position);
            }
            if (ps.executeUpdate() != 1 && fence > 0) {
                throw fenced(fence, position);
            }
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot write the checkpoint of task "
                    + context.key().task() + " to " + database + ".checkpoint: " + e.getMessage(), e);
        }
    }

    private Iso2dbException fenced(long fence, Position position) {
        return new Iso2dbException(ErrorCode.FENCED, "Task " + context.key().task() + " was taken over by another"
                + " node: its checkpoint row in " + database + ".checkpoint on " + context.target().describe()
                + " no longer has this node's epoch " + fence + ". Anything not committed here was rolled back"
                + " (this node's last commit: " + position + "); the task stops here and the new owner goes on.");
    }

    @Override
    public long takeOver() {
        ensureReady();
        String table = TableId.quote(database) + ".`checkpoint`";
        try (Connection c = Jdbc.open(context.target(), "target")) {
            if (!context.targetBinlog()) {
                try (var st = c.createStatement()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                } catch (SQLException e) {
                    // without the privilege the row goes to the target's binlog; the apply session reports the grant
                }
            }
            ensureEpochColumn(c);
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("INSERT INTO " + table + " (task, server_id, epoch, updated_at)"
                    + " VALUES (?, ?, 1, NOW(6)) ON DUPLICATE KEY UPDATE epoch = epoch + 1");
                 PreparedStatement read = c.prepareStatement("SELECT epoch FROM " + table + " WHERE task = ?")) {
                up.setString(1, context.key().task());
                up.setLong(2, context.key().serverId());
                up.executeUpdate();
                read.setString(1, context.key().task());
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    long taken = rs.getLong(1);
                    c.commit();
                    epoch = taken;
                    return taken;
                }
            }
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Cannot take task " + context.key().task()
                    + " over in " + database + ".checkpoint on " + context.target().describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private void ensureEpochColumn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'checkpoint' AND COLUMN_NAME = 'epoch'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    try {
                        SqlScript.run(c, "V6__checkpoint_epoch.sql", "iso2db", database);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != DUPLICATE_COLUMN) {
                            throw e;
                        }
                        // another task of this target added it a moment ago
                    }
                }
            }
        }
    }

    @Override
    public boolean fenced() {
        return epoch > 0;
    }

    /** The epoch this store took the task over with, 0 when not fenced. */
    public long epoch() {
        return epoch;
    }

    @Override
    public void checkEpoch(Position position) {
        long fence = epoch;
        try (Connection c = Jdbc.open(context.target(), "target");
             PreparedStatement ps = c.prepareStatement("SELECT epoch FROM " + TableId.quote(database)
                     + ".`checkpoint` WHERE task = ?")) {
            ps.setString(1, context.key().task());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != fence) {
                    throw fenced(fence, position);
                }
            }
        } catch (SQLException e) {
            // cannot tell: the caller's replay re-checks with the checkpoint write itself
        }
    }

    /**
     * The checkpoint write as one SQL statement with literal values, so the applier can send it
     * in the same round trip as the transaction's rows and its COMMIT.
     */
    @Override
    public String upsertSql(Position position) {
        long fence = epoch;
        if (fence > 0) {
            return io.iso2db.internal.apply.SqlText.fill(fencedUpdate, context.key().serverId(),
                    position.binlogFile().orElse(null), position.hasFile() ? position.offset() : null,
                    position.gtidSet().orElse(null), context.key().task(), fence);
        }
        return io.iso2db.internal.apply.SqlText.fill(upsert, context.key().task(), context.key().serverId(),
                position.binlogFile().orElse(null), position.hasFile() ? position.offset() : null,
                position.gtidSet().orElse(null));
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.EXACTLY_ONCE;
    }

    @Override
    public String toString() {
        return "inTarget(" + database + ".checkpoint)";
    }
}
