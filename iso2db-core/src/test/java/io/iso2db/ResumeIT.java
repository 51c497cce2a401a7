package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResumeIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private String prepared(String prefix) {
        String db = SOURCE.server().newDatabase(prefix);
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        return db;
    }

    private ReplicatorBuilder task(String name, String db, CheckpointStore store) {
        return Replicator.builder().name(name).serverId(401).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).checkpointStore(store);
    }

    @Test
    void resumesFromStoredFilePositionAfterStop() {
        String db = prepared("resume_file");
        Position stopped;
        try (Replicator r = task("resume-file", db, CheckpointStores.inTarget()).build()) {
            r.start();
            Workload.run(SOURCE.server(), db, 1, 200);
            r.awaitCaughtUp(Duration.ofSeconds(30));
            stopped = r.position();
        }
        long before = Servers.gtidSequence(SOURCE.server());
        Workload.run(SOURCE.server(), db, 2, 200);   // written while the task is down
        long writtenWhileDown = Servers.gtidSequence(SOURCE.server()) - before;
        try (Replicator r = task("resume-file", db, CheckpointStores.inTarget()).resume().build()) {
            r.start();
            assertThat(r.position().binlogFile()).isEqualTo(stopped.binlogFile());
            assertThat(r.position().offset()).isEqualTo(stopped.offset());
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.transactionsApplied()).as("exactly the transactions written while it was down")
                    .isEqualTo(writtenWhileDown);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void resumesByGtidWhenAskedTo() {
        String db = prepared("resume_gtid");
        CheckpointStore memory = CheckpointStores.inMemory();
        try (Replicator r = task("resume-gtid", db, memory).useGtid(true).build()) {
            r.start();
            Workload.run(SOURCE.server(), db, 3, 150);
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.position().gtidSet()).hasValueSatisfying(g -> assertThat(g).startsWith("0-1-"));
        }
        Workload.run(SOURCE.server(), db, 4, 150);
        Position stored = memory.load().orElseThrow();
        // only the GTID part: the task must find its place by GTID alone
        try (Replicator r = task("resume-gtid", db, CheckpointStores.inMemory())
                .startAt(Position.gtid(stored.gtidSet().orElseThrow())).useGtid(true).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void startsFromAnExplicitFilePositionAndSkipsWhatCameBefore() {
        String db = prepared("explicit");
        SOURCE.server().execute("INSERT INTO " + db + ".pk (id, name) VALUES (1, 'before')");
        var status = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        Position here = Position.file(status.get(0), Long.parseLong(status.get(1)));
        SOURCE.server().execute("INSERT INTO " + db + ".pk (id, name) VALUES (2, 'after')");
        try (Replicator r = task("explicit", db, CheckpointStores.inMemory()).startAt(here).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().query("SELECT id, name FROM " + db + ".pk"))
                .containsExactly(java.util.List.of("2", "after"));
    }
}
