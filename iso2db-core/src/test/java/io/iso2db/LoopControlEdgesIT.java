package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Regions.Writer;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loop control where a held-out multi-region run broke it: DDL that comes back as an echo (the
 * skipping task must still see the new table shape), DDL made outside replication, DDL replayed
 * after a restart, and transactions whose first change is to a table the task does not replicate.
 */
class LoopControlEdgesIT {

    @RegisterExtension
    static final MariaDbExtension A = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension B = MariaDbExtension.withServerId(2);
    @RegisterExtension
    static final MariaDbExtension C = MariaDbExtension.withServerId(3);

    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    /** Seconds the writers of the filtered-first cases run. */
    private static final int WRITE_SECONDS = 6;

    @Test
    void anEchoedAlterRefreshesTheDefinitionSoTheOtherSidesRowsInTheNewShapeApply() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("echo_alter");
        Regions.createSchema(db, a, b);
        try (Replicator ab = Regions.link(db, db + "-ab", 3301, a, 1, b, 2, true);
             Replicator ba = Regions.link(db, db + "-ba", 3302, b, 2, a, 1, true)) {
            // both tasks have the table's old definition cached
            a.execute("INSERT INTO `" + db + "`.acct VALUES (1, 1, 1, 'a')");
            b.execute("INSERT INTO `" + db + "`.acct VALUES (2, 2, 1, 'b')");
            Regions.awaitAll(CATCH_UP, ab, ba);

            a.execute("ALTER TABLE `" + db + "`.acct ADD COLUMN extra INT NULL");
            Regions.awaitAll(CATCH_UP, ab, ba);
            b.execute("INSERT INTO `" + db + "`.acct VALUES (3, 2, 1, 'b', 33)",
                    "UPDATE `" + db + "`.acct SET extra = 22 WHERE id = 2");
            a.execute("INSERT INTO `" + db + "`.acct VALUES (4, 1, 1, 'a', 44)");
            Regions.awaitAll(CATCH_UP, ab, ba);

            TableComparator.assertIdentical(a, b, db);
            assertThat(a.queryValue("SELECT extra FROM `" + db + "`.acct WHERE id = 3")).isEqualTo("33");
        }
    }

    /** Same column count, same types, another order: a stale definition would swap the values silently. */
    @Test
    void anEchoedAlterThatReordersColumnsNeverMisplacesValues() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("echo_order");
        Regions.createSchema(db, a, b);
        for (DbServer s : List.of(a, b)) {
            s.execute("CREATE TABLE `" + db + "`.pair (id INT PRIMARY KEY, x INT, y INT)");
        }
        try (Replicator ab = Regions.link(db, db + "-ab", 3311, a, 1, b, 2, true);
             Replicator ba = Regions.link(db, db + "-ba", 3312, b, 2, a, 1, true)) {
            b.execute("INSERT INTO `" + db + "`.pair VALUES (1, 10, 20)");
            a.execute("INSERT INTO `" + db + "`.pair VALUES (2, 10, 20)");
            Regions.awaitAll(CATCH_UP, ab, ba);

            a.execute("ALTER TABLE `" + db + "`.pair CHANGE x x INT AFTER y");
            Regions.awaitAll(CATCH_UP, ab, ba);
            b.execute("INSERT INTO `" + db + "`.pair (id, x, y) VALUES (3, 10, 20)",
                    "UPDATE `" + db + "`.pair SET x = 11 WHERE id = 1");
            Regions.awaitAll(CATCH_UP, ab, ba);

            TableComparator.assertIdentical(a, b, db);
            assertThat(a.query("SELECT id, x, y FROM `" + db + "`.pair ORDER BY id"))
                    .containsExactly(List.of("1", "11", "20"), List.of("2", "10", "20"), List.of("3", "10", "20"));
        }
    }

    /** A DBA changes both sides by hand (the source's change kept out of the binlog): the task needs no restart. */
    @Test
    void aSchemaChangeMadeOutsideReplicationOnBothSidesIsPickedUpWithoutRestart() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("dba_alter");
        Regions.createSchema(db, a, b);
        try (Replicator ab = Regions.link(db, db + "-ab", 3321, a, 1, b, 2, true)) {
            a.execute("INSERT INTO `" + db + "`.acct VALUES (1, 1, 1, 'a')");
            Regions.awaitAll(CATCH_UP, ab);
            a.execute("SET SESSION sql_log_bin = 0", "ALTER TABLE `" + db + "`.acct ADD COLUMN extra INT NULL FIRST");
            b.execute("ALTER TABLE `" + db + "`.acct ADD COLUMN extra INT NULL FIRST");
            a.execute("INSERT INTO `" + db + "`.acct VALUES (5, 2, 1, 1, 'a')",
                    "UPDATE `" + db + "`.acct SET extra = 7 WHERE id = 1");
            Regions.awaitAll(CATCH_UP, ab);
            TableComparator.assertIdentical(a, b, db);
        }
    }

    /** As a native replica: extra target columns at the end keep their defaults; the rows are found by the others. */
    @Test
    void aTargetWithExtraColumnsAtTheEndTakesTheSourcesRows() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("extra_cols");
        Regions.createSchema(db, a, b);
        b.execute("ALTER TABLE `" + db + "`.acct ADD COLUMN seen_in VARCHAR(10) NOT NULL DEFAULT 'b'");
        try (Replicator ab = Regions.link(db, db + "-ab", 3325, a, 1, b, 2, true)) {
            a.execute("INSERT INTO `" + db + "`.acct VALUES (1, 1, 1, 'a'), (2, 1, 1, 'a')");
            a.execute("INSERT INTO `" + db + "`.acct VALUES (3, 1, 1, 'a')",
                    "UPDATE `" + db + "`.acct SET n = 5 WHERE id = 1", "DELETE FROM `" + db + "`.acct WHERE id = 2");
            Regions.awaitAll(CATCH_UP, ab);
            assertThat(b.query("SELECT id, n, seen_in FROM `" + db + "`.acct ORDER BY id"))
                    .containsExactly(List.of("1", "5", "b"), List.of("3", "1", "b"));
        }
    }

    /**
     * As after a kill between an applied DDL and its checkpoint: the task starts again right before
     * the DDL it already applied. The replay neither fails nor echoes, and the rows after it arrive.
     */
    @Test
    void aDdlReplayedAfterARestartNeitherFailsNorEchoes() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("ddl_replay");
        Regions.createSchema(db, a, b);
        Position beforeDdl;
        try (Replicator ba = Regions.link(db, db + "-ba", 3332, b, 2, a, 1, true)) {
            try (Replicator ab = Regions.link(db, db + "-ab", 3331, a, 1, b, 2, true)) {
                a.execute("INSERT INTO `" + db + "`.acct VALUES (1, 1, 1, 'a')");
                Regions.awaitAll(CATCH_UP, ab, ba);
                beforeDdl = ab.position();
                a.execute("ALTER TABLE `" + db + "`.acct ADD COLUMN extra INT NULL",
                        "CREATE TABLE `" + db + "`.t2 (id INT PRIMARY KEY)", "DROP TABLE `" + db + "`.t2");
                Regions.awaitAll(CATCH_UP, ab, ba);
            }
            a.execute("INSERT INTO `" + db + "`.acct VALUES (2, 1, 1, 'a', 2)");
            try (Replicator ab = Regions.link(db, db + "-ab", 3331, a, 1, b, 2, true,
                    1, builder -> builder.startAt(beforeDdl))) {
                Regions.awaitAll(CATCH_UP, ab, ba);
                b.execute("INSERT INTO `" + db + "`.acct VALUES (3, 2, 1, 'b', 3)");
                Regions.awaitAll(CATCH_UP, ab, ba);
                Regions.assertBinlogsSettle(a, b);
                Regions.awaitAll(CATCH_UP, ab, ba);
                TableComparator.assertIdentical(a, b, db);
                assertThat(a.queryValue("SELECT COUNT(*) FROM `" + db + "`.acct")).isEqualTo("3");
            }
        }
    }

    @Test
    void bidirectionalTransactionsThatFirstWriteAFilteredDatabaseAreNotEchoed() throws Exception {
        bidirectional("first_db", db -> "INSERT INTO `" + db + "_local`.audit (region) VALUES ({region})", db -> b -> b);
    }

    @Test
    void bidirectionalTransactionsThatFirstWriteAnExcludedTableAreNotEchoed() throws Exception {
        bidirectional("first_excl", db -> "INSERT INTO `" + db + "`.audit (region) VALUES ({region})",
                db -> b -> b.excludeTables("audit"));
    }

    @Test
    void bidirectionalTransactionsThatFirstWriteARoutedTableAreNotEchoed() throws Exception {
        bidirectional("first_routed", db -> "INSERT INTO `" + db + "`.audit (region) VALUES ({region})",
                db -> b -> b.excludeTables("audit_in").route(db + ".audit", db + ".audit_in"));
    }

    @Test
    void ringWithGroupCommitTransactionsThatFirstWriteAFilteredDatabaseAreNotEchoed() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        DbServer c = C.server();
        String db = a.newDatabase("first_ring");
        Regions.createSchema(db, a, b, c);
        createAuditTables(db, a, b, c);
        AtomicBoolean stop = new AtomicBoolean();
        try (Replicator ab = Regions.link(db, db + "-ab", 3341, a, 1, b, 2, true, 50);
             Replicator bc = Regions.link(db, db + "-bc", 3342, b, 2, c, 3, true, 50);
             Replicator ca = Regions.link(db, db + "-ca", 3343, c, 3, a, 1, true, 50)) {
            List<Writer> writers = Regions.startWriters(db, stop,
                    "INSERT INTO `" + db + "_local`.audit (region) VALUES ({region})", a, b, c);
            awaitWrites(writers, stop, ab, bc, ca);
            Regions.awaitAll(CATCH_UP, ab, bc, ca, ab, bc);
            Regions.assertBinlogsSettle(a, b, c);
            Regions.awaitAll(CATCH_UP, ab, bc, ca);
            for (DbServer s : List.of(a, b, c)) {
                for (Writer w : writers) {
                    assertThat(Regions.ledger(s, db, w.region())).as("ledger of region " + w.region() + " on " + s)
                            .isEqualTo(w.commits());
                }
            }
            TableComparator.assertIdentical(a, b, db);
            TableComparator.assertIdentical(b, c, db);
        }
    }

    private void bidirectional(String prefix, UnaryOperator<String> preamble,
                               Function<String, UnaryOperator<ReplicatorBuilder>> more) throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase(prefix);
        Regions.createSchema(db, a, b);
        createAuditTables(db, a, b);
        AtomicBoolean stop = new AtomicBoolean();
        int ids = 3350 + Math.floorMod(prefix.hashCode(), 40) * 2;
        try (Replicator ab = Regions.link(db, db + "-ab", ids, a, 1, b, 2, true, 1, more.apply(db));
             Replicator ba = Regions.link(db, db + "-ba", ids + 1, b, 2, a, 1, true, 1, more.apply(db))) {
            List<Writer> writers = Regions.startWriters(db, stop, preamble.apply(db), a, b);
            // an ALTER of a table both regions write, while they write: B's rows in the old shape cross it
            awaitCommits(writers, 100, ab, ba);
            a.execute("ALTER TABLE `" + db + "`.acct ADD COLUMN extra INT NULL");
            awaitWrites(writers, stop, ab, ba);
            Regions.awaitAll(CATCH_UP, ab, ba);
            Regions.assertBinlogsSettle(a, b);
            Regions.awaitAll(CATCH_UP, ab, ba);
            for (DbServer s : List.of(a, b)) {
                for (Writer w : writers) {
                    assertThat(Regions.ledger(s, db, w.region())).as("ledger of region " + w.region() + " on " + s)
                            .isEqualTo(w.commits());
                }
            }
            assertThat(ab.transactionsApplied()).isEqualTo(writers.get(0).commits());
            assertThat(ba.transactionsApplied()).isEqualTo(writers.get(1).commits());
            assertThat(TableComparator.compare(a, db, b, db, List.of("acct", "ledger")).identical()).isTrue();
        }
    }

    /** An audit table in the replicated database, a routed copy of it, and one in a database no task replicates. */
    private static void createAuditTables(String db, DbServer... servers) {
        for (DbServer s : servers) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + db + "_local`");
            for (String t : List.of("`" + db + "_local`.audit", "`" + db + "`.audit", "`" + db + "`.audit_in")) {
                s.execute("CREATE TABLE " + t + " (n BIGINT AUTO_INCREMENT PRIMARY KEY, region INT)");
            }
        }
    }

    /** Waits until every writer committed {@code n} transactions; fails on a task failure. */
    private static void awaitCommits(List<Writer> writers, int n, Replicator... tasks) throws InterruptedException {
        while (writers.stream().anyMatch(w -> w.commits() < n)) {
            for (Replicator t : tasks) {
                assertThat(t.failure()).as(t.name()).isNull();
            }
            Thread.sleep(20);
        }
    }

    /** Lets the writers run until each committed enough (or the time is up), then stops them; fails on a task failure. */
    private static void awaitWrites(List<Writer> writers, AtomicBoolean stop, Replicator... tasks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(WRITE_SECONDS).toNanos();
        BooleanSupplier failed = () -> java.util.Arrays.stream(tasks).anyMatch(t -> t.failure() != null);
        while (System.nanoTime() < deadline && !failed.getAsBoolean()) {
            Thread.sleep(50);
        }
        stop.set(true);
        for (Writer w : writers) {
            w.check();
        }
        for (Replicator t : tasks) {
            assertThat(t.failure()).as(t.name()).isNull();
        }
        for (Writer w : writers) {
            assertThat(w.commits()).as("commits of region " + w.region()).isGreaterThan(50);
        }
    }
}
