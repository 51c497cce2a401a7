package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplicationIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void randomWorkloadArrivesIdenticalOnTarget() {
        String db = SOURCE.server().newDatabase("random");
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = Replicator.builder().name("random").serverId(101)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server()))
                .databases(db).build()) {
            r.start();
            long before = Servers.gtidSequence(SOURCE.server());
            Workload.run(SOURCE.server(), db, 42, 1500);
            long binlogged = Servers.gtidSequence(SOURCE.server()) - before;
            r.awaitCaughtUp(Duration.ofSeconds(60));
            var cmp = TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
            assertThat(cmp.rowsCompared()).isGreaterThan(100);
            assertThat(binlogged).isGreaterThan(1000);
            assertThat(r.transactionsApplied()).isEqualTo(binlogged);
            assertThat(r.failure()).isNull();
        }
    }

    /**
     * A table without any key may hold identical rows (NULLs too): each row event changes or removes
     * exactly one of them, alone, in a group and inside one transaction, as on the source.
     */
    @Test
    void aTableWithoutKeyChangesExactlyOneOfItsIdenticalRowsPerRowChange() {
        String db = SOURCE.server().newDatabase("keyless_twins");
        SOURCE.server().execute("CREATE TABLE " + db + ".k (a INT, b VARCHAR(10))");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = Replicator.builder().name("keyless-twins").serverId(103)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server()))
                .databases(db).build()) {
            r.start();
            String k = db + ".k";
            SOURCE.server().execute("INSERT INTO " + k + " VALUES (1, 'x'), (1, 'x'), (1, 'x'), (NULL, NULL), (NULL, NULL),"
                            + " (2, 'y'), (2, 'y')",
                    "DELETE FROM " + k + " WHERE a = 1 LIMIT 1",
                    "UPDATE " + k + " SET b = 'z' WHERE a IS NULL LIMIT 1",
                    "UPDATE " + k + " SET a = 3 WHERE a = 2 LIMIT 1",
                    "BEGIN",
                    "DELETE FROM " + k + " WHERE a = 1 LIMIT 1",
                    "INSERT INTO " + k + " VALUES (1, 'x'), (NULL, NULL)",
                    "DELETE FROM " + k + " WHERE a IS NULL AND b IS NULL LIMIT 2",
                    "UPDATE " + k + " SET a = 4 WHERE a = 1 LIMIT 1",
                    "COMMIT");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
            assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + k)).isEqualTo("5");
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void positionIsStoredInTargetWithTheData() {
        String db = SOURCE.server().newDatabase("ckpt");
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = Replicator.builder().name("ckpt-task").serverId(102)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server()))
                .databases(db).checkpointStore(CheckpointStores.inTarget()).build()) {
            r.start();
            Workload.run(SOURCE.server(), db, 7, 50);
            r.awaitCaughtUp(Duration.ofSeconds(30));
            String stored = TARGET.server().queryValue(
                    "SELECT CONCAT(binlog_file, ':', binlog_pos) FROM iso2db.checkpoint WHERE task = 'ckpt-task'");
            assertThat(stored).isEqualTo(r.position().binlogFile().orElseThrow() + ":" + r.position().offset());
            assertThat(TARGET.server().queryValue("SELECT gtid_set FROM iso2db.checkpoint WHERE task = 'ckpt-task'"))
                    .isEqualTo(r.position().gtidSet().orElseThrow())
                    .isEqualTo(SOURCE.server().queryValue("SELECT @@gtid_binlog_pos"));
        }
    }
}
