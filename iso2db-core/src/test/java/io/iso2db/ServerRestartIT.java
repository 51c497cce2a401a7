package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Source and target go away mid-stream; the task reconnects and loses nothing. */
class ServerRestartIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void survivesSourceCrashAndTargetCrashMidStream() {
        String db = SOURCE.server().newDatabase("restarts");
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        AtomicInteger reconnects = new AtomicInteger();
        try (Replicator r = Replicator.builder().name("restarts").serverId(701)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db)
                .listener(new ReplicationListener() {
                    @Override
                    public void onStateChange(State state, Iso2dbException error) {
                        if (state == State.RECONNECTING) {
                            reconnects.incrementAndGet();
                        }
                    }
                }).build()) {
            r.start();
            Workload.run(SOURCE.server(), db, 11, 300);
            SOURCE.server().kill();
            SOURCE.server().restart();
            Workload.run(SOURCE.server(), db, 12, 300);
            r.awaitCaughtUp(Duration.ofSeconds(60));

            Workload.run(SOURCE.server(), db, 13, 300);
            TARGET.server().kill();
            TARGET.server().restart();
            Workload.run(SOURCE.server(), db, 14, 300);
            r.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(r.failure()).isNull();
        }
        assertThat(reconnects.get()).isGreaterThanOrEqualTo(1);
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    /** Fault matrix row 5: both servers killed at once under a steady writer, then restarted. */
    @Test
    void bothServersKilledAtOnceUnderLoadLoseAndDoubleNothing() throws Exception {
        var source = SOURCE.server();
        var target = TARGET.server();
        String db = source.newDatabase("both_killed");
        source.execute("CREATE TABLE `" + db + "`.ledger (token VARCHAR(40) NOT NULL)");
        Servers.copySchema(source, target, db);
        var status = source.query("SHOW MASTER STATUS").get(0);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    source.execute("INSERT INTO `" + db + "`.ledger VALUES ('t-" + attempts.incrementAndGet() + "')");
                } catch (RuntimeException e) {
                    try {
                        Thread.sleep(50);   // the source is down: the application retries with its next token
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "ledger-writer");
        try (Replicator r = Replicator.builder().name(db).serverId(702).source(Servers.replication(source))
                .target(Servers.admin(target)).databases(db)
                .resumeOrStartAt(Position.file(status.get(0), Long.parseLong(status.get(1)))).build()) {
            r.start();
            writer.start();
            awaitRows(target, db, 200);
            source.kill();
            target.kill();
            source.restart();
            target.restart();
            awaitRows(target, db, Long.parseLong(source.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger")) + 200);
            writing.set(false);
            writer.join();
            r.awaitCaughtUp(Duration.ofSeconds(120));
            assertThat(r.failure()).isNull();
        } finally {
            writing.set(false);
            writer.join();
        }
        String onSource = source.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger");
        assertThat(target.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger")).isEqualTo(onSource);
        assertThat(target.queryValue("SELECT COUNT(DISTINCT token) FROM `" + db + "`.ledger")).isEqualTo(onSource);
        TableComparator.assertIdentical(source, target, db);
    }

    private static void awaitRows(io.iso2db.testkit.DbServer s, String db, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            long n;
            try {
                n = Long.parseLong(s.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger"));
            } catch (RuntimeException e) {
                n = -1;   // still starting
            }
            if (n >= rows) {
                return;
            }
            assertThat(System.nanoTime()).as("waiting for " + rows + " rows in " + db).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
