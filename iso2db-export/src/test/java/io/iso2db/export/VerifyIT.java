package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.ConnectionSettings;
import io.iso2db.Replicator;
import io.iso2db.event.TableId;
import io.iso2db.export.RowDifference.Kind;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Online verify against a running replicator and a writer: equal copies are reported equal (no
 * false difference while writes go on), every kind of difference made on the target behind the
 * replicator's back is reported with its key, and the repair SQL makes the next verify equal.
 */
class VerifyIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static ConnectionSettings admin(DbServer s) {
        return ExportTables.admin(s);
    }

    /** Exports {@code db} and starts replication from the export's position, with a writer on {@code db.live}. */
    private static final class Live implements AutoCloseable {
        final Replicator replicator;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread writer;

        Live(String db, String... routes) {
            this(db, 1, routes);
        }

        Live(String db, int sessions, String... routes) {
            DbServer src = SOURCE.server();
            src.execute("USE " + db, "CREATE TABLE live (id INT PRIMARY KEY, n INT, note VARCHAR(20))",
                    "INSERT INTO live SELECT seq, 0, 'start' FROM seq_1_to_2000", "CREATE TABLE live_log (token VARCHAR(40))");
            var rb = Replicator.builder().name(db).serverId(700 + db.hashCode() % 100 + 100)
                    .source(ExportTables.replication(src)).target(admin(TARGET.server())).databases(db)
                    .parallelApply(sessions);
            var eb = Exporter.builder().source(admin(src)).target(admin(TARGET.server())).databases(db);
            for (int i = 0; i < routes.length; i += 2) {
                rb.route(routes[i], routes[i + 1]);
            }
            if (routes.length > 0) {
                // the export has no routes: copy under the source names, then move the tables to the routed database
                ExportResult r = eb.build().run();
                TARGET.server().execute("CREATE DATABASE `" + routes[1] + "`");
                for (List<String> t : TARGET.server().query("SHOW TABLES FROM `" + db + "`")) {
                    TARGET.server().execute("RENAME TABLE `" + db + "`.`" + t.get(0) + "` TO `" + routes[1] + "`.`" + t.get(0) + "`");
                }
                replicator = rb.startAt(r.position()).build();
                replicator.start();
            } else {
                replicator = eb.build().runThenReplicate(rb);
            }
            writer = new Thread(() -> {
                Random r = new Random(3);
                try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = 0; !stop.get(); i++) {
                        st.execute("UPDATE live SET n = n + 1, note = 'w" + i + "' WHERE id = " + (1 + r.nextInt(2000)));
                        st.execute("INSERT INTO live_log VALUES (UUID())");
                        c.commit();
                    }
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "verify-writer");
            writer.start();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            writer.join();
            replicator.awaitCaughtUp(Duration.ofSeconds(60));
            replicator.close();
            assertThat(error.get()).isNull();
        }
    }

    private static VerifierBuilder verifier(String db, Replicator r) {
        return Verifier.builder().source(admin(SOURCE.server())).target(admin(TARGET.server())).databases(db)
                .replicator(r).threads(3).chunkRows(500).maxLag(Duration.ofSeconds(30));
    }

    /** With parallel apply, the cut waits for every transaction before it to commit in every session. */
    @Test
    void aTaskApplyingInParallelSessionsIsCutWithoutFalseDifferences() throws Exception {
        String db = SOURCE.server().newDatabase("verify_parallel");
        try (Live live = new Live(db, 4)) {
            for (int i = 0; i < 10; i++) {
                VerifyResult r = verifier(db, live.replicator).build().run();
                assertThat(r.equal()).as(r.report()).isTrue();
                assertThat(r.consistent()).isTrue();
            }
        }
    }

    /** No snapshot holds a MyISAM table still: its writes (and the replicator) are held until it is compared. */
    @Test
    void aNonTransactionalTableWrittenDuringTheVerifyShowsNoFalseDifference() throws Exception {
        String db = SOURCE.server().newDatabase("verify_myisam");
        SOURCE.server().execute("USE " + db, "CREATE TABLE legacy (x INT, y VARCHAR(20)) ENGINE=MyISAM",
                "INSERT INTO legacy SELECT seq, 'start' FROM seq_1_to_20000");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Live live = new Live(db)) {
            Thread legacyWriter = new Thread(() -> {
                try (Connection c = SOURCE.server().connect(db); Statement st = c.createStatement()) {
                    for (int i = 0; !stop.get(); i++) {
                        st.execute("INSERT INTO legacy VALUES (" + i + ", 'during')");
                    }
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "legacy-writer");
            legacyWriter.start();
            try {
                for (int i = 0; i < 5; i++) {
                    VerifyResult r = verifier(db, live.replicator).build().run();
                    assertThat(r.equal()).as(r.report()).isTrue();
                    assertThat(r.repairSql()).isEmpty();
                }
            } finally {
                stop.set(true);
                legacyWriter.join();
            }
            assertThat(error.get()).isNull();
        }
    }

    /** The task lags while it is held for such tables: the lag limit must not wait for it then. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aLagLimitDoesNotWaitForTheTaskHeldWhileNonTransactionalTablesAreCompared() throws Exception {
        String db = SOURCE.server().newDatabase("verify_myisam_lag");
        SOURCE.server().execute("USE " + db, "CREATE TABLE legacy (x INT PRIMARY KEY, y VARCHAR(20)) ENGINE=MyISAM",
                "INSERT INTO legacy SELECT seq, 'start' FROM seq_1_to_3000");
        try (Live live = new Live(db)) {
            VerifyResult r = verifier(db, live.replicator).chunkRows(200).rowsPerSecond(3000)
                    .maxLag(Duration.ofMillis(200)).build().run();
            assertThat(r.equal()).as(r.report()).isTrue();
            assertThat(r.held()).as("held while the MyISAM table was compared").isGreaterThan(Duration.ofMillis(200));
        }
    }

    @Test
    void equalCopiesUnderWritesAreEqualAndEveryInjectedDifferenceIsFoundByKeyAndRepaired() throws Exception {
        String db = SOURCE.server().newDatabase("verify");
        ExportTables.create(SOURCE.server(), db, 3000);
        DbServer dst = TARGET.server();
        try (Live live = new Live(db)) {
            for (int i = 0; i < 3; i++) {
                VerifyResult equal = verifier(db, live.replicator).build().run();
                assertThat(equal.equal()).as(equal.report()).isTrue();
                assertThat(equal.consistent()).isTrue();
                assertThat(equal.rows()).isGreaterThan(10_000);
            }

            dst.execute("USE " + db,
                    "UPDATE types SET bl = X'FF00FE' WHERE id = 1",          // one bit of a BLOB
                    "UPDATE types SET c = NULL WHERE id = 2",                 // NULL where the source has ''
                    "UPDATE types SET f = 1.1000001 WHERE id = 3",            // a FLOAT's last bit
                    "UPDATE uniq SET n = -1 WHERE code = 'c000000000004'",   // a non-key column
                    "DELETE FROM uniq WHERE code = 'c000000000009'",          // a missing row
                    "INSERT INTO composite VALUES (99999999, 'extra', 1)",    // an extra row
                    "DELETE FROM noindex WHERE x = 5");                       // a missing row of a keyless table
            VerifyResult found = verifier(db, live.replicator).repairSql(true).build().run();
            assertThat(found.equal()).isFalse();
            assertThat(found.consistent()).isTrue();
            Map<String, TableVerdict> byTable = new java.util.HashMap<>();
            found.tables().forEach(t -> byTable.put(t.source().table(), t));
            assertThat(byTable.get("live").equal()).as("no false difference in the table being written").isTrue();
            assertThat(byTable.get("live_log").equal()).isTrue();
            assertThat(byTable.get("autoinc").equal()).isTrue();

            TableVerdict types = byTable.get("types");
            assertThat(types.different()).isEqualTo(3);
            assertThat(types.differences()).extracting(RowDifference::key).containsExactlyInAnyOrder(Map.of("id", "1"),
                    Map.of("id", "2"), Map.of("id", "3"));
            RowDifference nullVsEmpty = types.differences().stream().filter(d -> d.key().equals(Map.of("id", "2")))
                    .findFirst().orElseThrow();
            assertThat(nullVsEmpty.sourceRow().get("c")).isEqualTo("");
            assertThat(nullVsEmpty.targetRow().get("c")).isNull();

            TableVerdict uniq = byTable.get("uniq");
            assertThat(uniq.different()).isEqualTo(1);
            assertThat(uniq.missingOnTarget()).isEqualTo(1);
            assertThat(uniq.differences()).extracting(d -> d.kind() + " " + d.key().get("code"))
                    .containsExactlyInAnyOrder("DIFFERENT c000000000004", "MISSING_ON_TARGET c000000000009");

            TableVerdict composite = byTable.get("composite");
            assertThat(composite.extraOnTarget()).isEqualTo(1);
            assertThat(composite.differences().get(0).key()).isEqualTo(Map.of("a", "99999999", "b", "extra"));

            TableVerdict noindex = byTable.get("noindex");
            assertThat(noindex.keyed()).isFalse();
            assertThat(noindex.missingOnTarget()).isEqualTo(1);
            assertThat(noindex.extraOnTarget()).isZero();
            assertThat(noindex.differences().get(0).sourceRow()).containsEntry("x", "5");

            assertThat(found.tables().stream().mapToLong(t -> t.missingOnTarget() + t.extraOnTarget() + t.different()).sum())
                    .as(found.report()).isEqualTo(7);
            assertThat(found.repairSql()).hasSize(8).first().asString().startsWith("SET SESSION time_zone");

            try (Connection c = dst.connect(db); Statement st = c.createStatement()) {
                for (String sql : found.repairSql()) {
                    st.execute(sql);
                }
            }
            VerifyResult repaired = verifier(db, live.replicator).build().run();
            assertThat(repaired.equal()).as(repaired.report()).isTrue();
        }
        TableComparator.assertIdentical(SOURCE.server(), dst, db);
    }

    @Test
    void routedTablesAreComparedWithTheirTargetNames() throws Exception {
        String db = SOURCE.server().newDatabase("verify_routed");
        String routed = db + "_copy";
        try (Live live = new Live(db, db, routed)) {
            VerifyResult equal = verifier(db, live.replicator).route(db, routed).build().run();
            assertThat(equal.equal()).as(equal.report()).isTrue();
            assertThat(equal.tables()).extracting(TableVerdict::target).contains(new TableId(routed, "live"));
            TARGET.server().execute("DELETE FROM `" + routed + "`.live_log LIMIT 1");
            VerifyResult found = verifier(db, live.replicator).route(db, routed).build().run();
            assertThat(found.tables()).filteredOn(t -> t.source().table().equals("live_log")).singleElement()
                    .satisfies(t -> assertThat(t.missingOnTarget()).isEqualTo(1));
        }
    }

    @Test
    void aCutTakenWhileALargeTransactionIsAppliedSeesItWholeOrNotAtAll() throws Exception {
        String db = SOURCE.server().newDatabase("verify_big");
        SOURCE.server().execute("USE " + db, "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(100))");
        try (Live live = new Live(db)) {
            Thread big = new Thread(() -> SOURCE.server().execute("USE " + db,
                    "INSERT INTO big SELECT seq, REPEAT('b', 100) FROM seq_1_to_100000"));
            big.start();
            int cuts = 0;
            while (big.isAlive() || cuts < 3) {
                VerifyResult r = verifier(db, live.replicator).build().run();
                assertThat(r.equal()).as(r.report()).isTrue();
                long rows = r.tables().stream().filter(t -> t.source().table().equals("big")).findFirst().orElseThrow().rows();
                assertThat(rows).as("the transaction is seen whole or not at all").isIn(0L, 100_000L);
                cuts++;
            }
            big.join();
        }
    }

    @Test
    void withoutAReplicatorQuietServersAreComparedWithProgressAndAMissingTargetTableIsNamed() {
        String db = SOURCE.server().newDatabase("verify_quiet");
        SOURCE.server().execute("USE " + db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO t SELECT seq, 'v' FROM seq_1_to_1000");
        Exporter.builder().source(admin(SOURCE.server())).target(admin(TARGET.server())).databases(db).build().run();
        List<VerifyProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        VerifyResult r = Verifier.builder().source(admin(SOURCE.server())).target(admin(TARGET.server())).databases(db)
                .chunkRows(100).rowsPerSecond(20_000).listener(progress::add).build().run();
        assertThat(r.equal()).as(r.report()).isTrue();
        assertThat(r.consistent()).isTrue();
        assertThat(r.held()).isZero();
        assertThat(progress).hasSize(10).allSatisfy(p -> assertThat(p.percent()).isBetween(0.0, 100.0));
        assertThat(progress.get(progress.size() - 1).rows()).isEqualTo(1000);

        SOURCE.server().execute("CREATE TABLE `" + db + "`.only_source (id INT PRIMARY KEY)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Verifier.builder().source(admin(SOURCE.server()))
                        .target(admin(TARGET.server())).databases(db).build().run())
                .isInstanceOfSatisfying(io.iso2db.Iso2dbException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.iso2db.ErrorCode.TARGET_TABLE_MISSING);
                    assertThat(e.getMessage()).contains(db + ".only_source");
                });
    }
}
