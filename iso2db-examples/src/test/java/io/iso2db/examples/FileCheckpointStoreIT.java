package io.iso2db.examples;

import io.iso2db.ConnectionSettings;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.CheckpointStoreContract;
import io.iso2db.testkit.MariaDbExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example store keeps the contract every checkpoint store must keep. */
class FileCheckpointStoreIT extends CheckpointStoreContract {

    private static final AtomicInteger TASKS = new AtomicInteger();
    private static final Path DIRECTORY;

    static {
        try {
            DIRECTORY = Files.createTempDirectory("iso2db-file-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Override
    protected CheckpointStore newStore() {
        return new FileCheckpointStore(DIRECTORY);
    }

    @Override
    protected ConnectionSettings target() {
        var s = TARGET.server();
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    @Override
    protected Connection openTarget() throws SQLException {
        return TARGET.server().connect();
    }

    @Override
    protected String uniqueTask() {
        return "file-task-" + TASKS.incrementAndGet();
    }
}
