package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of the servers rather than the links (fault matrix rows 7, 8 and 12): the binlog purged
 * while the task was down, a target made read-only mid-stream, a target column dropped by hand.
 * Each ends in a clear error or a documented wait, and never in a partial or skipped transaction.
 */
class TargetFaultIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static String table(String db) {
        return "`" + db + "`.t";
    }

    private static String prepare(String name) {
        String db = SOURCE.server().newDatabase(name);
        SOURCE.server().execute("CREATE TABLE " + table(db) + " (id INT PRIMARY KEY, note VARCHAR(40), v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        return db;
    }

    private static Position sourceEnd() {
        List<String> s = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        return Position.file(s.get(0), Long.parseLong(s.get(1)));
    }

    private static void insert(String db, int from, int to) {
        for (int i = from; i < to; i++) {
            SOURCE.server().execute("INSERT INTO " + table(db) + " VALUES (" + i + ", 'n" + i + "', " + i + ")");
        }
    }

    private static long count(MariaDbServer s, String db) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM " + table(db)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aBinlogPurgedWhileTheTaskWasDownStopsItWithBinlogPurgedAndSaysToExport() throws Exception {
        String db = prepare("purged_down");
        Position from = sourceEnd();
        try (Replicator r = Replicator.builder().name(db).serverId(911).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).resumeOrStartAt(from).build()) {
            r.start();
            insert(db, 0, 10);
            r.awaitCaughtUp(Duration.ofSeconds(60));
        }
        insert(db, 10, 20);   // written while the task is down, then purged
        SOURCE.server().execute("FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
        String newest = SOURCE.server().query("SHOW MASTER STATUS").get(0).get(0);
        String stored = from.binlogFile().orElseThrow();
        await("the purge (refused while a dump thread still reads the file)", () -> {
            SOURCE.server().execute("PURGE BINARY LOGS TO '" + newest + "'");
            return SOURCE.server().query("SHOW BINARY LOGS").stream().noneMatch(l -> l.get(0).equals(stored));
        });
        try (Replicator again = Replicator.builder().name(db).serverId(911).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).resume().build()) {
            assertThatThrownBy(again::start).isInstanceOfSatisfying(Iso2dbException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_PURGED);
                assertThat(e.getMessage()).contains(from.binlogFile().orElseThrow()).contains(newest).contains("export");
            });
        }
        assertThat(count(TARGET.server(), db)).as("nothing applied after the purge").isEqualTo(10);
    }

    @Test
    void aTargetMadeReadOnlyMidStreamIsWaitedForAndTheTaskGoesOnExactlyOnceItIsWritable() throws Exception {
        String db = prepare("read_only");
        MariaDbServer target = TARGET.server();
        String user = "limited_" + db;
        target.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'",
                "GRANT ALL ON `" + db + "`.* TO '" + user + "'@'%'", "GRANT ALL ON iso2db.* TO '" + user + "'@'%'",
                "GRANT BINLOG ADMIN ON *.* TO '" + user + "'@'%'");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Replicator r = Replicator.builder().name(db).serverId(912).source(Servers.replication(SOURCE.server()))
                .target(ConnectionSettings.of(target.host(), target.port(), user, "pw")).databases(db)
                .resumeOrStartAt(sourceEnd())
                .listener(new ReplicationListener() {
                    @Override
                    public void onStateChange(State state, Iso2dbException error) {
                        if (state == State.RECONNECTING) {
                            errors.add(error.code() + ": " + error.getMessage());
                        }
                    }
                }).build()) {
            r.start();
            insert(db, 0, 10);
            r.awaitCaughtUp(Duration.ofSeconds(60));
            target.execute("SET GLOBAL read_only = 1");
            try {
                insert(db, 10, 20);
                await("the task to wait for the read-only target", () -> errors.size() >= 2);
                assertThat(count(target, db)).as("nothing applied while read-only").isEqualTo(10);
            } finally {
                target.execute("SET GLOBAL read_only = 0");
            }
            insert(db, 20, 30);
            r.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(r.failure()).isNull();
        }
        assertThat(errors.get(0)).startsWith("TARGET_READ_ONLY").contains("read-only");
        TableComparator.assertIdentical(SOURCE.server(), target, db);
    }

    @Test
    void aTargetColumnDroppedByHandStopsTheTaskNamingTableAndColumnWithNothingAppliedPastIt() throws Exception {
        String db = prepare("dropped_col");
        try (Replicator r = Replicator.builder().name(db).serverId(913).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).resumeOrStartAt(sourceEnd()).build()) {
            r.start();
            insert(db, 0, 10);
            r.awaitCaughtUp(Duration.ofSeconds(60));
            TARGET.server().execute("ALTER TABLE " + table(db) + " DROP COLUMN note");
            insert(db, 10, 20);
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(e.getMessage()).contains(db + ".t").contains("note");
        }
        assertThat(count(TARGET.server(), db)).as("nothing applied past the misfit").isEqualTo(10);
    }
}
