package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.event.Transaction;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GroupCommitIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void groupedTransactionsArriveWholeAndAreEachReportedOnce() {
        String db = SOURCE.server().newDatabase("grouped");
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        List<Transaction> seen = new CopyOnWriteArrayList<>();
        try (Replicator r = Replicator.builder().name(db).serverId(1201).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).groupCommit(50, Duration.ofMillis(20))
                .listener(new ReplicationListener() {
                    @Override
                    public void onTransaction(Transaction t) {
                        seen.add(t);
                    }
                }).build()) {
            r.start();
            long before = Servers.gtidSequence(SOURCE.server());
            Workload.run(SOURCE.server(), db, 99, 1500);
            long binlogged = Servers.gtidSequence(SOURCE.server()) - before;
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.transactionsApplied()).isEqualTo(binlogged);
            assertThat(seen).hasSize((int) binlogged);
            assertThat(seen.stream().map(Transaction::gtid).distinct().count()).isEqualTo(binlogged);
            // the checkpoint is the last transaction, written with it
            assertThat(TARGET.server().queryValue("SELECT gtid_set FROM iso2db.checkpoint WHERE task = '" + db + "'"))
                    .isEqualTo(SOURCE.server().queryValue("SELECT @@gtid_binlog_pos"));
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void anIdleStreamStillCommitsTheOpenGroupPromptly() {
        String db = SOURCE.server().newDatabase("grouped_idle");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = Replicator.builder().name(db).serverId(1202).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).groupCommit(1000, Duration.ofMillis(50)).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1)");
            // no further event arrives to close the group: only the idle commit can make it visible
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("1");
        }
    }

    @Test
    void aGroupOfLargeTransactionsCommitsOnceItReachesFourMegabytes() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_bytes");
        SOURCE.server().execute("CREATE TABLE " + db + ".big (id INT PRIMARY KEY, b MEDIUMBLOB)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = Replicator.builder().name(db).serverId(1204).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).targetBinlog(true)
                .groupCommit(1000, Duration.ofSeconds(10)).build()) {
            r.start();
            long commits0 = Servers.gtidSequence(TARGET.server());
            for (int i = 0; i < 10; i++) {
                SOURCE.server().execute("INSERT INTO " + db + ".big VALUES (" + i + ", REPEAT(0x5A, 1000000))");
            }
            r.awaitCaughtUp(Duration.ofSeconds(60));
            // ~2 MB of statements per transaction: the byte bound closes a group every two or three of them
            assertThat(Servers.gtidSequence(TARGET.server()) - commits0).as("target commits for 10 transactions")
                    .isBetween(3L, 6L);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void whenBehindABacklogSharesCommitsWhileAtTheHeadEachTransactionCommitsAlone() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_behind");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        var start = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        for (int i = 0; i < 400; i++) {
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (" + i + ", 0)");
        }
        try (Replicator r = Replicator.builder().name(db).serverId(1205).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).targetBinlog(true)
                .startAt(Position.file(start.get(0), Long.parseLong(start.get(1))))
                .groupCommitWhenBehind(100, Duration.ofSeconds(10)).build()) {
            long commits0 = Servers.gtidSequence(TARGET.server());
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            long backlogCommits = Servers.gtidSequence(TARGET.server()) - commits0;
            assertThat(r.transactionsApplied()).isEqualTo(400);
            assertThat(backlogCommits).as("target commits for 400 old transactions").isBetween(4L, 40L);

            long commits1 = Servers.gtidSequence(TARGET.server());
            for (int i = 0; i < 20; i++) {
                SOURCE.server().execute("UPDATE " + db + ".t SET v = v + 1 WHERE id = " + i);
                // at the head nothing waits for the 10 s group delay (a wait would exceed this bound by far)
                r.awaitCaughtUp(Duration.ofSeconds(5));
            }
            assertThat(Servers.gtidSequence(TARGET.server()) - commits1).as("one target commit per fresh transaction")
                    .isEqualTo(20);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void groupCommitNeedsTheInTargetStore() {
        assertThatThrownBy(() -> Replicator.builder().name("g").serverId(1203).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases("d").checkpointStore(CheckpointStore.inMemory())
                .groupCommit(10, Duration.ofMillis(5)).build())
                .isInstanceOf(Iso2dbException.class).hasMessageContaining("CheckpointStore.inTarget()");
    }
}
