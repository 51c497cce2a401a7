package io.iso2db.examples;

import io.iso2db.Replicator;
import io.iso2db.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A task that keeps its position in a file of its own ({@link FileCheckpointStore}): it stops,
 * the source goes on writing, and a new task resumes exactly where the first one stopped.
 */
public final class CustomCheckpointStore {

    private CustomCheckpointStore() {
    }

    public static void main(String[] args) throws Exception {
        Path positions = Files.createTempDirectory("iso2db-positions");
        try (MariaDbServer source = Servers.start(1); MariaDbServer target = Servers.start(2)) {
            for (MariaDbServer s : List.of(source, target)) {
                s.execute("CREATE DATABASE app", "CREATE TABLE app.events (id INT PRIMARY KEY, what VARCHAR(20))");
            }
            for (int run = 1; run <= 2; run++) {
                try (Replicator r = Replicator.builder().name("file-store").serverId(2001)
                        .source(Servers.replication(source)).target(Servers.admin(target)).databases("app")
                        .checkpointStore(new FileCheckpointStore(positions)).build()) {
                    r.start();   // run 1: from the source's current end; run 2: from the file
                    source.execute("INSERT INTO app.events VALUES (" + run + ", 'while running')");
                    r.awaitCaughtUp(Duration.ofSeconds(60));
                    System.out.printf("run %d stopped at %s%n", run, r.position());
                }
                source.execute("INSERT INTO app.events VALUES (" + (10 + run) + ", 'while stopped')");
            }
            System.out.println("stored: " + Files.readString(positions.resolve("file-store-2001.position")));
            try (Replicator r = Replicator.builder().name("file-store").serverId(2001)
                    .source(Servers.replication(source)).target(Servers.admin(target)).databases("app")
                    .checkpointStore(new FileCheckpointStore(positions)).resume().build()) {
                r.start();
                r.awaitCaughtUp(Duration.ofSeconds(60));
            }
            Servers.proveIdentical(source, "app", target, "app", List.of("events"));
        }
    }
}
