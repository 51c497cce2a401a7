package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Regions.Writer;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bidirectional, ring, chain and mesh topologies with writers everywhere: all equal, nothing applied twice, no echo. */
class LoopControlIT {

    @RegisterExtension
    static final MariaDbExtension A = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension B = MariaDbExtension.withServerId(2);
    @RegisterExtension
    static final MariaDbExtension C = MariaDbExtension.withServerId(3);

    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @Test
    void bidirectionalWritersOnBothSidesConvergeWithoutEchoIncludingDdl() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        String db = a.newDatabase("bidi");
        Regions.createSchema(db, a, b);
        AtomicBoolean stop = new AtomicBoolean();
        try (Replicator ab = Regions.link(db, db + "-ab", 3101, a, 1, b, 2, true);
             Replicator ba = Regions.link(db, db + "-ba", 3102, b, 2, a, 1, true)) {
            List<Writer> writers = Regions.startWriters(db, stop, a, b);
            Thread.sleep(Regions.SECONDS * 500L);
            // DDL on one side while both write: a DROP TABLE is logged rewritten (the comment is lost)
            a.execute("CREATE TABLE `" + db + "`.side (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO `" + db + "`.side VALUES (1, 1)",
                    "ALTER TABLE `" + db + "`.side ADD COLUMN w VARCHAR(10) DEFAULT 'w'",
                    "INSERT INTO `" + db + "`.side VALUES (2, 2, 'x')",
                    "DROP TABLE `" + db + "`.side",
                    "CREATE TABLE `" + db + "`.side (k VARCHAR(10) PRIMARY KEY)",
                    "INSERT INTO `" + db + "`.side VALUES ('again')");
            Thread.sleep(Regions.SECONDS * 500L);
            stop.set(true);
            for (Writer w : writers) {
                w.check();
            }
            Regions.awaitAll(CATCH_UP, ab, ba);
            Regions.assertBinlogsSettle(a, b);
            Regions.awaitAll(CATCH_UP, ab, ba);

            TableComparator.assertIdentical(a, b, db);
            int commitsA = writers.get(0).commits();
            int commitsB = writers.get(1).commits();
            assertThat(commitsA).isGreaterThan(1000);
            assertThat(commitsB).isGreaterThan(1000);
            for (DbServer s : List.of(a, b)) {
                assertThat(Regions.ledger(s, db, 1)).isEqualTo(commitsA);
                assertThat(Regions.ledger(s, db, 2)).isEqualTo(commitsB);
            }
            // every writer transaction crossed exactly once (plus the 3 row transactions on `side`)
            assertThat(ab.transactionsApplied()).isEqualTo(commitsA + 3);
            assertThat(ba.transactionsApplied()).isEqualTo(commitsB);
            assertThat(a.queryValue("SELECT k FROM `" + db + "`.side")).isEqualTo("again");
        }
    }

    @Test
    void threeRegionRingRelaysEveryTransactionOnceAndStops() throws Exception {
        ring("ring", 3200, 1);
    }

    /** Grouped target commits must not mix origins: a reader judges a whole target transaction by its first marker. */
    @Test
    void threeRegionRingWithGroupCommitKeepsOneOriginPerTargetTransaction() throws Exception {
        ring("ring_grouped", 3210, 50);
    }

    private void ring(String prefix, int serverIds, int group) throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        DbServer c = C.server();
        String db = a.newDatabase(prefix);
        Regions.createSchema(db, a, b, c);
        AtomicBoolean stop = new AtomicBoolean();
        try (Replicator ab = Regions.link(db, db + "-ab", serverIds + 1, a, 1, b, 2, true, group);
             Replicator bc = Regions.link(db, db + "-bc", serverIds + 2, b, 2, c, 3, true, group);
             Replicator ca = Regions.link(db, db + "-ca", serverIds + 3, c, 3, a, 1, true, group)) {
            List<Writer> writers = Regions.startWriters(db, stop, a, b, c);
            Thread.sleep(Regions.SECONDS * 1000L / 3);
            stop.set(true);
            for (Writer w : writers) {
                w.check();
            }
            Regions.awaitAll(CATCH_UP, ab, bc, ca, ab, bc);
            Regions.assertBinlogsSettle(a, b, c);
            Regions.awaitAll(CATCH_UP, ab, bc, ca);

            TableComparator.assertIdentical(a, b, db);
            TableComparator.assertIdentical(b, c, db);
            int total = writers.stream().mapToInt(Writer::commits).sum();
            for (Writer w : writers) {
                assertThat(Regions.ledger(c, db, w.region())).isEqualTo(w.commits());
            }
            if (group == 1) {
                // each link carries every transaction except those written on its target
                assertThat(ab.transactionsApplied()).isEqualTo(total - writers.get(1).commits());
                assertThat(bc.transactionsApplied()).isEqualTo(total - writers.get(2).commits());
                assertThat(ca.transactionsApplied()).isEqualTo(total - writers.get(0).commits());
            }
            // (grouped: a relayed target transaction carries several source transactions and is read back as one;
            // the ledger above still proves each arrived exactly once)
        }
    }

    @Test
    void chainRelaysThroughTheMiddleRegion() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        DbServer c = C.server();
        String db = a.newDatabase("chain");
        Regions.createSchema(db, a, b, c);
        AtomicBoolean stop = new AtomicBoolean();
        try (Replicator ab = Regions.link(db, db + "-ab", 3301, a, 1, b, 2, true);
             Replicator bc = Regions.link(db, db + "-bc", 3302, b, 2, c, 3, true)) {
            List<Writer> writers = Regions.startWriters(db, stop, a, b);
            Thread.sleep(Regions.SECONDS * 1000L / 3);
            stop.set(true);
            for (Writer w : writers) {
                w.check();
            }
            Regions.awaitAll(CATCH_UP, ab, bc);
            assertThat(Regions.ledger(b, db, 1)).isEqualTo(writers.get(0).commits());
            TableComparator.assertIdentical(b, c, db);
            assertThat(Regions.ledger(c, db, 1)).isEqualTo(writers.get(0).commits());
            assertThat(Regions.ledger(c, db, 2)).isEqualTo(writers.get(1).commits());
            assertThat(Regions.ledger(a, db, 2)).isZero();
            Regions.assertBinlogsSettle(a, b, c);
        }
    }

    @Test
    void meshOfThreeAppliesOnlyEachSourcesOwnTransactions() throws Exception {
        DbServer a = A.server();
        DbServer b = B.server();
        DbServer c = C.server();
        String db = a.newDatabase("mesh");
        Regions.createSchema(db, a, b, c);
        AtomicBoolean stop = new AtomicBoolean();
        DbServer[] servers = {a, b, c};
        Replicator[] tasks = new Replicator[6];
        int n = 0;
        try {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i != j) {
                        tasks[n] = Regions.link(db, db + "-" + i + j, 3400 + n, servers[i], i + 1, servers[j], j + 1, false);
                        n++;
                    }
                }
            }
            List<Writer> writers = Regions.startWriters(db, stop, a, b, c);
            Thread.sleep(Regions.SECONDS * 1000L / 3);
            stop.set(true);
            for (Writer w : writers) {
                w.check();
            }
            Regions.awaitAll(CATCH_UP, tasks);
            Regions.assertBinlogsSettle(a, b, c);
            TableComparator.assertIdentical(a, b, db);
            TableComparator.assertIdentical(a, c, db);
            for (int i = 0; i < 6; i++) {
                int sourceIndex = Integer.parseInt(tasks[i].name().substring(tasks[i].name().length() - 2, tasks[i].name().length() - 1));
                assertThat(tasks[i].transactionsApplied()).as(tasks[i].name()).isEqualTo(writers.get(sourceIndex).commits());
            }
        } finally {
            for (Replicator t : tasks) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
