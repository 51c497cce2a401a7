package io.iso2db.spi;

import io.iso2db.CheckpointStores;
import io.iso2db.ConnectionSettings;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

class TargetCheckpointStoreIT extends CheckpointStoreContract {

    private static final AtomicInteger TASKS = new AtomicInteger();

    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Override
    protected CheckpointStore newStore() {
        return CheckpointStores.inTarget("contract_ckpt");
    }

    @Override
    protected ConnectionSettings target() {
        DbServer s = TARGET.server();
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    @Override
    protected Connection openTarget() throws SQLException {
        return TARGET.server().connect();
    }

    @Override
    protected String uniqueTask() {
        return "target-task-" + TASKS.incrementAndGet();
    }
}
