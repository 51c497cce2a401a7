package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writers keep changing the source during the export; replication from the export's position makes both equal. */
class ExportHandoffIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SnapshotMethod.class, names = {"CONSISTENT_SNAPSHOT", "LOCK"})
    void writersDuringTheExportThenReplicationLeaveNoGapAndNoDuplicate(SnapshotMethod method) throws Exception {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("handoff");
        src.execute("USE " + db, "CREATE TABLE " + db + ".acct (id INT AUTO_INCREMENT PRIMARY KEY, n INT, v VARCHAR(20))",
                "INSERT INTO " + db + ".acct (n, v) SELECT seq, 'start' FROM seq_1_to_40000",
                // keyless: a transaction applied twice (or copied and replayed) would show as a duplicate row
                "CREATE TABLE " + db + ".log (x INT, y VARCHAR(20))",
                "INSERT INTO " + db + ".log SELECT seq, 'start' FROM seq_1_to_20000");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Random r = new Random(7);
            try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    int id = 1 + r.nextInt(40000);
                    st.execute("INSERT INTO acct (n, v) VALUES (" + id + ", 'new')");
                    st.execute("UPDATE acct SET n = n + 1, v = 'upd' WHERE id = " + id);
                    st.execute("DELETE FROM acct WHERE id = " + (1 + r.nextInt(40000)));
                    st.execute("INSERT INTO log VALUES (" + commits.get() + ", 'during')");
                    c.commit();
                    commits.incrementAndGet();
                }
            } catch (Exception e) {
                error.set(e);
            }
        });
        writer.start();
        Thread.sleep(300);
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(4).chunkRows(2000).snapshot(method).build();
        int before = commits.get();
        try (Replicator r = exporter.runThenReplicate(Replicator.builder().name(db).serverId(4101)
                .source(ExportTables.replication(src)).target(ExportTables.admin(TARGET.server())).databases(db))) {
            Thread.sleep(500);
            stop.set(true);
            writer.join(10_000);
            assertThat(error.get()).isNull();
            assertThat(commits.get() - before).as("writes happened during the export").isGreaterThan(20);
            r.awaitCaughtUp(Duration.ofSeconds(60));
        }
        TableComparator.assertIdentical(src, TARGET.server(), db);
    }

    /**
     * A consistent snapshot does not hold a MyISAM table still: without its writes held from the
     * snapshot until it is copied, the copy would hold rows the replication applies again.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SnapshotMethod.class, names = {"CONSISTENT_SNAPSHOT", "LOCK"})
    void aNonTransactionalTableWrittenDuringTheExportIsCopiedAsOfTheSnapshot(SnapshotMethod method) throws Exception {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("handoff_myisam");
        src.execute("USE " + db, "CREATE TABLE " + db + ".log (x INT, y VARCHAR(20)) ENGINE=MyISAM",
                "INSERT INTO " + db + ".log SELECT seq, 'start' FROM seq_1_to_100000",
                "CREATE TABLE " + db + ".acct (id INT PRIMARY KEY, n INT)",
                "INSERT INTO " + db + ".acct SELECT seq, 0 FROM seq_1_to_100000");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                while (!stop.get()) {   // each statement a transaction of its own
                    st.execute("INSERT INTO log VALUES (" + commits.get() + ", 'during')");
                    st.execute("UPDATE acct SET n = n + 1 WHERE id = " + (1 + commits.get() % 100000));
                    commits.incrementAndGet();
                }
            } catch (Exception e) {
                error.set(e);
            }
        });
        writer.start();
        while (commits.get() < 20 && error.get() == null) {
            Thread.onSpinWait();
        }
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(2).chunkRows(5000).snapshot(method).build();
        int before = commits.get();
        try (Replicator r = exporter.runThenReplicate(Replicator.builder().name(db).serverId(4102)
                .source(ExportTables.replication(src)).target(ExportTables.admin(TARGET.server())).databases(db))) {
            int exported = commits.get();
            while (commits.get() < exported + 20 && error.get() == null) {
                Thread.onSpinWait();   // writes go on once the copy let go of the table
            }
            stop.set(true);
            writer.join(10_000);
            assertThat(error.get()).isNull();
            assertThat(exported - before).as("writes happened during the export").isPositive();
            r.awaitCaughtUp(Duration.ofSeconds(60));
        }
        TableComparator.assertIdentical(src, TARGET.server(), db);
    }

    /** A mistake in the replication settings is found before the export copies anything. */
    @org.junit.jupiter.api.Test
    void replicationSettingsAreCheckedBeforeAnythingIsCopied() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("handoff_checked");
        src.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exporter.runThenReplicate(Replicator.builder().name(db)
                        .source(ExportTables.replication(src)).target(ExportTables.admin(TARGET.server())).databases(db)))
                .isInstanceOfSatisfying(io.iso2db.Iso2dbException.class,
                        e -> assertThat(e.code()).isEqualTo(io.iso2db.ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("serverId");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + db + "'")).as("nothing copied").isEqualTo("0");
    }
}
