package io.iso2db.spi;

import io.iso2db.ConnectionSettings;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcCheckpointStoreIT extends CheckpointStoreContract {

    private static final AtomicInteger TASKS = new AtomicInteger();

    @RegisterExtension
    static final MariaDbExtension STATUS = MariaDbExtension.withServerId(3);

    @Override
    protected CheckpointStore newStore() {
        DbServer s = STATUS.server();
        return CheckpointStore.jdbc(ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword()));
    }

    @Override
    protected ConnectionSettings target() {
        return ConnectionSettings.of("target.invalid", 3306, "unused", "");
    }

    @Override
    protected Connection openTarget() {
        return null;
    }

    @Override
    protected String uniqueTask() {
        return "jdbc-task-" + TASKS.incrementAndGet();
    }
}
