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
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(4).chunkRows(2000).snapshot(method).build();
        try (Writer writer = new Writer(src, db, false, (st, i, r) -> {
            int id = 1 + r.nextInt(40000);
            st.execute("INSERT INTO acct (n, v) VALUES (" + id + ", 'new')");
            st.execute("UPDATE acct SET n = n + 1, v = 'upd' WHERE id = " + id);
            st.execute("DELETE FROM acct WHERE id = " + (1 + r.nextInt(40000)));
            st.execute("INSERT INTO log VALUES (" + i + ", 'during')");
        })) {
            exportThenReplicate(exporter, writer, db, 4101);
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
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(2).chunkRows(5000).snapshot(method).build();
        try (Writer writer = new Writer(src, db, true, (st, i, r) -> {   // each statement a transaction of its own
            st.execute("INSERT INTO log VALUES (" + i + ", 'during')");
            st.execute("UPDATE acct SET n = n + 1 WHERE id = " + (1 + i % 100000));
        })) {
            exportThenReplicate(exporter, writer, db, 4102);   // the log's writes go on once the copy let go of it
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

    /**
     * Runs the export while {@code writer} writes (it has written before it starts, and writes
     * during it), then replication from the export's position, while it writes 20 more steps;
     * then stops the writer and waits until the target caught up.
     */
    private static void exportThenReplicate(Exporter exporter, Writer writer, String db, int serverId) throws Exception {
        writer.awaitCommits(20);
        int before = writer.commits();
        try (Replicator r = exporter.runThenReplicate(Replicator.builder().name(db).serverId(serverId)
                .source(ExportTables.replication(SOURCE.server())).target(ExportTables.admin(TARGET.server()))
                .databases(db))) {
            assertThat(writer.commits() - before).as("writes happened during the export").isPositive();
            writer.awaitCommits(writer.commits() + 20);
            writer.close();
            r.awaitCaughtUp(Duration.ofSeconds(60));
        }
    }

    /** One step of a writer: its statements for the {@code i}-th time. */
    @FunctionalInterface
    private interface Step {
        void run(Statement st, int i, Random r) throws Exception;
    }

    /** A source session running its step over and over (committing after each unless in autocommit) until closed. */
    private static final class Writer implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger commits = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private final Thread thread;

        Writer(DbServer src, String db, boolean autocommit, Step step) {
            thread = new Thread(() -> {
                Random r = new Random(7);
                try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                    c.setAutoCommit(autocommit);
                    while (!stop.get()) {
                        step.run(st, commits.get(), r);
                        if (!autocommit) {
                            c.commit();
                        }
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    error.set(e);
                }
            });
            thread.start();
        }

        int commits() {
            return commits.get();
        }

        /** Waits until {@code n} steps committed (or the writer failed). */
        void awaitCommits(int n) {
            while (commits.get() < n && error.get() == null && thread.isAlive()) {
                Thread.onSpinWait();
            }
            assertThat(error.get()).isNull();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
            assertThat(error.get()).isNull();
        }
    }
}
