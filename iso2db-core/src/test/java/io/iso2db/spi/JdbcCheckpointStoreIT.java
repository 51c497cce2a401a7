package io.iso2db.spi;

import io.iso2db.CheckpointStores;
import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcCheckpointStoreIT extends CheckpointStoreContract {

    private static final AtomicInteger TASKS = new AtomicInteger();

    @RegisterExtension
    static final MariaDbExtension STATUS = MariaDbExtension.withServerId(3);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static ConnectionSettings settings(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    @Override
    protected CheckpointStore newStore() {
        return CheckpointStores.jdbc(settings(STATUS.server()));
    }

    @Override
    protected ConnectionSettings target() {
        return settings(TARGET.server());
    }

    @Override
    protected Connection openTarget() throws SQLException {
        return TARGET.server().connect();
    }

    @Override
    protected String uniqueTask() {
        return "jdbc-task-" + TASKS.incrementAndGet();
    }

    private CheckpointStore opened(String task, long serverId) {
        CheckpointStore s = newStore();
        s.open(new CheckpointStore.Context(new CheckpointStore.Key(task, serverId), target(), false));
        return s;
    }

    @Test
    void keepsTheClassicStatusRowKeyedByServerIdCurrent() throws SQLException {
        try (CheckpointStore s = opened(uniqueTask(), 4242); Connection t = openTarget()) {
            Position p = Position.of("mysql-bin.000004", 808, "0-1-77");
            t.setAutoCommit(false);
            s.saveInTransaction(p, t);
            t.commit();
            s.saveCommitted(p);
        }
        assertThat(STATUS.server().query("SELECT binlog_file, binlog_pos, gtid_set FROM dump2db.position WHERE server_id = 4242"))
                .containsExactly(java.util.List.of("mysql-bin.000004", "808", "0-1-77"));
    }

    @Test
    void theStatusAndTargetDatabasesCanBeChosen() throws SQLException {
        CheckpointStore s = CheckpointStores.jdbc(settings(STATUS.server()), "status_chosen", "iso2db_chosen");
        s.open(new CheckpointStore.Context(new CheckpointStore.Key("chosen", 4545), target(), false));
        try (s; Connection t = openTarget()) {
            Position p = Position.of("mysql-bin.000002", 404, null);
            t.setAutoCommit(false);
            s.saveInTransaction(p, t);
            t.commit();
            s.saveCommitted(p);
        }
        assertThat(STATUS.server().query("SELECT binlog_file, binlog_pos FROM status_chosen.position WHERE server_id = 4545"))
                .containsExactly(java.util.List.of("mysql-bin.000002", "404"));
        assertThat(TARGET.server().query("SELECT binlog_file, binlog_pos FROM iso2db_chosen.checkpoint WHERE task = 'chosen'"))
                .containsExactly(java.util.List.of("mysql-bin.000002", "404"));
    }

    @Test
    void honoursAStatusPositionMovedForwardByHand() throws SQLException {
        String task = uniqueTask();
        try (CheckpointStore s = opened(task, 4343); Connection t = openTarget()) {
            Position p = Position.of("mysql-bin.000004", 100, null);
            t.setAutoCommit(false);
            s.saveInTransaction(p, t);
            t.commit();
            s.saveCommitted(p);
        }
        STATUS.server().execute("UPDATE dump2db.position SET binlog_file = 'mysql-bin.000005', binlog_pos = 4 WHERE server_id = 4343");
        try (CheckpointStore s = opened(task, 4343)) {
            assertThat(s.load()).contains(Position.file("mysql-bin.000005", 4));
        }
    }
}
