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
        try (Replicator r = replicator(db, 1201).groupCommit(50, Duration.ofMillis(20))
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
        try (Replicator r = replicator(db, 1202).groupCommit(1000, Duration.ofMillis(50)).build()) {
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
        try (Replicator r = replicator(db, 1204).targetBinlog(true)
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
    void byDefaultABacklogSharesCommitsWhileAtTheHeadEachTransactionCommitsAlone() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_behind");
        Position start = backlog(db, 400);
        try (Replicator r = replicator(db, 1205).targetBinlog(true).startAt(start).build()) {
            long commits0 = Servers.gtidSequence(TARGET.server());
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            long backlogCommits = Servers.gtidSequence(TARGET.server()) - commits0;
            assertThat(r.transactionsApplied()).isEqualTo(400);
            assertThat(backlogCommits).as("target commits for 400 old transactions").isBetween(1L, 200L);

            long commits1 = Servers.gtidSequence(TARGET.server());
            for (int i = 0; i < 20; i++) {
                SOURCE.server().execute("UPDATE " + db + ".t SET v = v + 1 WHERE id = " + i);
                r.awaitCaughtUp(Duration.ofSeconds(60));
            }
            assertThat(Servers.gtidSequence(TARGET.server()) - commits1).as("one target commit per fresh transaction")
                    .isEqualTo(20);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void whenBehindTheGroupDelayDoesNotHoldBackTheHeadOfTheStream() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_head");
        Position start = backlog(db, 50);
        try (Replicator r = replicator(db, 1206).startAt(start)
                .groupCommitWhenBehind(100, Duration.ofSeconds(10)).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            for (int i = 0; i < 5; i++) {
                SOURCE.server().execute("UPDATE " + db + ".t SET v = v + 1 WHERE id = " + i);
                // at the head nothing waits for the 10 s group delay (a wait would exceed this bound by far)
                r.awaitCaughtUp(Duration.ofSeconds(5));
            }
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void preservedTransactionBoundariesGiveOneTargetCommitPerSourceTransactionAlsoWhenBehind() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_never");
        Position start = backlog(db, 300);
        try (Replicator r = replicator(db, 1207).targetBinlog(true).startAt(start)
                .preserveTransactionBoundaries().build()) {
            var binlog0 = TARGET.server().query("SHOW MASTER STATUS").get(0);
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            // data commits only (the checkpoint table may be created on the way: DDL, no XID)
            assertThat(TARGET.server().query("SHOW BINLOG EVENTS IN '" + binlog0.get(0) + "' FROM " + binlog0.get(1))
                    .stream().filter(e -> e.get(2).equals("Xid")).count()).as("target commits for 300 old transactions")
                    .isEqualTo(300);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    /** A conflict in the middle of a group: the group is undone, replayed precisely, and only the one row is reported. */
    @Test
    void aConflictInsideAGroupIsReportedWithItsOwnGtidAndNothingElseIsLost() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_conflict");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        var at = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        String conflictGtid = null;
        for (int i = 0; i < 300; i++) {
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (" + i + ", 0)");
            if (i == 150) {
                conflictGtid = SOURCE.server().queryValue("SELECT @@gtid_binlog_pos");
            }
        }
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (150, 99)");   // the target already holds key 150
        List<io.iso2db.event.Conflict> conflicts = new CopyOnWriteArrayList<>();
        try (Replicator r = replicator(db, 1208).conflictPolicy(ConflictPolicy.OVERWRITE)
                .startAt(Position.file(at.get(0), Long.parseLong(at.get(1))))
                .listener(new ReplicationListener() {
                    @Override
                    public void onConflict(io.iso2db.event.Conflict c) {
                        conflicts.add(c);
                    }
                }).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.transactionsApplied()).isEqualTo(300);
            assertThat(conflicts).hasSize(1);
            assertThat(conflicts.get(0).gtid()).isEqualTo(conflictGtid);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    /**
     * A transaction rolled back on the source after it changed a MyISAM table: MariaDB logs the
     * MyISAM row as a transaction of its own, the InnoDB row not at all; while a group waits, the
     * target ends as the source did.
     */
    @Test
    void aRolledBackMixedEngineTransactionWhileAGroupWaitsReplicatesWhatTheSourceKept() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_rollback");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = replicator(db, 1209).groupCommit(1000, Duration.ofSeconds(2)).build()) {
            r.start();
            try (java.sql.Connection c = SOURCE.server().connect(db); java.sql.Statement st = c.createStatement()) {
                st.execute("INSERT INTO t VALUES (1)");
                st.execute("BEGIN");
                st.execute("INSERT INTO t VALUES (2)");
                st.execute("INSERT INTO m VALUES (2)");
                st.execute("ROLLBACK");   // m keeps its row: MyISAM cannot roll back
                st.execute("INSERT INTO t VALUES (3)");
            }
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
        }
        assertThat(SOURCE.server().query("SELECT id FROM " + db + ".t ORDER BY id")).containsExactly(List.of("1"), List.of("3"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    private static ReplicatorBuilder replicator(String db, int serverId) {
        return Replicator.builder().name(db).serverId(serverId).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    /**
     * A group's commit fails on the target (a key the target already holds) while the next round
     * trips are being built: the task is told of a transaction only once the target committed it,
     * each once, and stops at the conflict with the checkpoint right before it.
     */
    @Test
    void aTransactionIsToldCommittedOnlyOnceTheTargetCommittedIt() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_told");
        Position start = backlog(db, 1000);
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (700, 99)");
        List<Transaction> seen = new CopyOnWriteArrayList<>();
        try (Replicator r = replicator(db, 1209).startAt(start).listener(new ReplicationListener() {
            @Override
            public void onTransaction(Transaction t) {
                seen.add(t);
            }
        }).build()) {
            r.start();
            assertThat(Servers.awaitFailure(r).code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(r.transactionsApplied()).isEqualTo(700);
        }
        assertThat(seen).hasSize(700);
        assertThat(seen.stream().map(Transaction::gtid).distinct().count()).isEqualTo(700);
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".t WHERE v = 0")).isEqualTo("700");
        assertThat(TARGET.server().queryValue("SELECT binlog_pos FROM iso2db.checkpoint WHERE task = '" + db + "'"))
                .isEqualTo(String.valueOf(seen.get(699).position().offset()));
    }

    /** {@code count} single-row transactions on a new table {@code db.t}, returning the position before them. */
    private static Position backlog(String db, int count) {
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        var start = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        for (int i = 0; i < count; i++) {
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (" + i + ", 0)");
        }
        return Position.file(start.get(0), Long.parseLong(start.get(1)));
    }

    @Test
    void aCustomExactlyOnceStoreGetsOneCheckpointPerGroupInTheTargetTransaction() throws Exception {
        String db = SOURCE.server().newDatabase("grouped_spi");
        Position start = backlog(db, 300);
        TARGET.server().execute("CREATE DATABASE " + db + "_spi");
        TARGET.server().execute("CREATE TABLE " + db + "_spi.position (id INT PRIMARY KEY, pos VARCHAR(200))");
        List<Position> inTransaction = new CopyOnWriteArrayList<>();
        CheckpointStore store = new CheckpointStore() {
            @Override
            public java.util.Optional<Position> load() {
                return java.util.Optional.empty();
            }

            @Override
            public void saveInTransaction(Position position, java.sql.Connection target) {
                try (var st = target.prepareStatement("REPLACE INTO " + db + "_spi.position VALUES (1, ?)")) {
                    st.setString(1, position.toString());
                    st.executeUpdate();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                inTransaction.add(position);
            }

            @Override
            public Guarantee guarantee() {
                return Guarantee.EXACTLY_ONCE;
            }
        };
        try (Replicator r = replicator(db, 1209).startAt(start)
                .checkpointStore(store).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.transactionsApplied()).isEqualTo(300);
            assertThat(inTransaction).as("one checkpoint per target commit").hasSizeBetween(1, 299);
            Position last = inTransaction.get(inTransaction.size() - 1);
            assertThat(TARGET.server().queryValue("SELECT pos FROM " + db + "_spi.position")).isEqualTo(last.toString());
            assertThat(last).as("the last checkpoint is the task's position").isEqualTo(r.position());
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void groupingNeedsAnExactlyOnceStore() {
        assertThatThrownBy(() -> Replicator.builder().name("g").serverId(1203).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases("d").checkpointStore(CheckpointStores.inMemory())
                .groupCommit(10, Duration.ofMillis(5)).build())
                .isInstanceOf(Iso2dbException.class).hasMessageContaining("exactly-once checkpoint store")
                .hasMessageContaining("preserveTransactionBoundaries()");
    }
}
