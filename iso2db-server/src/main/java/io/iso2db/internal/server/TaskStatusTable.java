package io.iso2db.internal.server;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.internal.checkpoint.PositionRow;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.jdbc.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Optional;

/**
 * The {@code task_status} row of a task: what the service last reported of it (state, node,
 * position, lag, last error), so {@code iso2db status} can tell it from anywhere. It lives beside
 * the task's checkpoint: in {@code dump2db} on the status server when the task has a
 * {@code [status]} section, else in the target's {@code iso2db} database. Written outside any
 * replicated transaction and never to a binlog where the session may switch that off.
 */
public final class TaskStatusTable implements AutoCloseable {

    /** One task's reported status. */
    public record Row(String task, long serverId, String node, String state, Position position, Long lagMillis,
                      long transactions, String lastError, long ageMillis) {
    }

    private final TaskSettings task;
    private Connection connection;

    public TaskStatusTable(TaskSettings task) {
        this.task = task;
    }

    private ConnectionSettings server() {
        return task.status() != null ? task.status() : task.target();
    }

    private String database() {
        return task.status() != null ? "dump2db" : "iso2db";
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = Jdbc.open(server(), task.status() != null ? "status" : "target");
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
            } catch (SQLException e) {
                // without the privilege the row goes to the binlog: harmless, the table is never replicated by iso2db
            }
            SqlScript.run(c, "V5__task_status.sql", "iso2db", database());
            connection = c;
        }
        return connection;
    }

    /** Writes the task's current status. */
    void write(String node, TaskRunner runner) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("INSERT INTO `" + database() + "`.`task_status`"
                + " (task, server_id, node, state, binlog_file, binlog_pos, gtid_set, lag_ms, transactions,"
                + " last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(6)) ON DUPLICATE KEY UPDATE"
                + " server_id = VALUES(server_id), node = VALUES(node), state = VALUES(state),"
                + " binlog_file = COALESCE(VALUES(binlog_file), binlog_file), binlog_pos = COALESCE(VALUES(binlog_pos),"
                + " binlog_pos), gtid_set = COALESCE(VALUES(gtid_set), gtid_set), lag_ms = VALUES(lag_ms),"
                + " transactions = VALUES(transactions), last_error = VALUES(last_error), updated_at = NOW(6)")) {
            ps.setString(1, task.name());
            ps.setLong(2, task.serverId());
            ps.setString(3, node);
            ps.setString(4, runner.state().name());
            Position p = runner.position();
            if (p != null) {
                PositionRow.bind(ps, 5, p);
            } else {
                ps.setNull(5, Types.VARCHAR);
                ps.setNull(6, Types.BIGINT);
                ps.setNull(7, Types.VARCHAR);
            }
            double lag = runner.lagSeconds();
            if (Double.isNaN(lag)) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, Math.round(lag * 1000));
            }
            ps.setLong(9, runner.counters().transactions());
            ps.setString(10, runner.lastError());
            ps.executeUpdate();
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /** The task's last reported status, if the service ever reported it. */
    public Optional<Row> read() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT task, server_id, node, state, binlog_file,"
                + " binlog_pos, gtid_set, lag_ms, transactions, last_error,"
                + " TIMESTAMPDIFF(MICROSECOND, updated_at, NOW(6)) DIV 1000 AS age_ms FROM `" + database()
                + "`.`task_status` WHERE task = ?")) {
            ps.setString(1, task.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String file = rs.getString("binlog_file");
                long offset = rs.getLong("binlog_pos");
                String gtid = rs.getString("gtid_set");
                long lag = rs.getLong("lag_ms");
                Long lagMillis = rs.wasNull() ? null : lag;
                Position p = file == null && gtid == null ? null : Position.of(file, offset, gtid);
                return Optional.of(new Row(rs.getString("task"), rs.getLong("server_id"), rs.getString("node"),
                        rs.getString("state"), p, lagMillis, rs.getLong("transactions"), rs.getString("last_error"),
                        rs.getLong("age_ms")));
            }
        }
    }

    @Override
    public void close() {
        Jdbc.closeQuietly(connection);
        connection = null;
    }
}
