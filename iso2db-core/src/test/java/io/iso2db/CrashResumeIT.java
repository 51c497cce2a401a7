package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replicator is killed with SIGKILL at random moments under load; nothing may be lost or doubled. */
class CrashResumeIT {

    private static final int KILLS = 20;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);
    @RegisterExtension
    static final MariaDbExtension STATUS = MariaDbExtension.withServerId(3);

    @Test
    void resumesAfterRepeatedKillsWithoutLosingOrDoublingRowsWithTargetCheckpoints() throws Exception {
        crashLoop("kill_target_store", "target", 201);
    }

    @Test
    void resumesAfterRepeatedKillsWithoutLosingOrDoublingRowsWithStatusDatabase() throws Exception {
        DbServer s = STATUS.server();
        crashLoop("kill_jdbc_store", "jdbc:" + s.host() + ":" + s.port() + ":" + s.adminUser() + ":" + s.adminPassword(),
                202);
    }

    @Test
    void resumesAfterRepeatedKillsWithoutLosingOrDoublingRowsWithGroupCommit() throws Exception {
        crashLoop("kill_grouped", "target", 203, "group=25");
    }

    @Test
    void resumesAfterRepeatedKillsWithoutLosingOrDoublingRowsWithParallelApply() throws Exception {
        crashLoop("kill_parallel", "target", 204, "parallel=4");
    }

    @Test
    void resumesAfterRepeatedKillsWithoutLosingOrDoublingRowsWithParallelApplyAndTheStatusDatabase() throws Exception {
        DbServer s = STATUS.server();
        crashLoop("kill_parallel_jdbc", "jdbc:" + s.host() + ":" + s.port() + ":" + s.adminUser() + ":"
                + s.adminPassword(), 205, "parallel=4");
    }

    private void crashLoop(String prefix, String store, int serverId, String... extra) throws Exception {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase(prefix);
        Workload.createTables(src, db);
        Servers.copySchema(src, dst, db);
        Position start = currentPosition(src);

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            long seed = 1;
            while (writing.get()) {
                Workload.run(src, db, seed++, 20);
                pause(10); // steady load, but not a backlog the final catch-up needs minutes for
            }
        });
        writer.start();
        Random random = new Random(serverId);
        List<String> stored = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(src.host(), String.valueOf(src.port()), src.replicationUser(), src.replicationPassword(),
                dst.host(), String.valueOf(dst.port()), dst.adminUser(), dst.adminPassword(), db,
                String.valueOf(serverId), start.toString(), store));
        args.addAll(List.of(extra));
        try {
            for (int i = 0; i < KILLS; i++) {
                try (ChildJvm child = ChildJvm.start(ReplicatorMain.class, List.of("-Xmx256m"), args)) {
                    awaitOutput(child, "STARTED", Duration.ofSeconds(60));
                    // killed only once it applied something, at a random moment after: progress between
                    // kills is then a condition, not a matter of how busy the machine is
                    awaitCheckpointPast(store, serverId, stored.isEmpty() ? null : stored.get(stored.size() - 1), child);
                    Thread.sleep(random.nextInt(500));
                    assertThat(child.output()).doesNotContain("FAILED");
                    child.kill();
                }
                stored.add(storedPosition(store, serverId));
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        assertMonotonic(stored);

        CheckpointStore finalStore = store.equals("target") ? CheckpointStores.inTarget()
                : CheckpointStores.jdbc(Servers.admin(STATUS.server()));
        try (Replicator r = Replicator.builder().name("crash").serverId(serverId).source(Servers.replication(src))
                .target(Servers.admin(dst)).databases(db).resume().checkpointStore(finalStore).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(120));
        }
        var cmp = TableComparator.assertIdentical(src, dst, db);
        assertThat(cmp.rowsCompared()).isGreaterThan(200);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Position currentPosition(DbServer s) {
        var row = s.query("SHOW MASTER STATUS").get(0);
        return Position.file(row.get(0), Long.parseLong(row.get(1)));
    }

    /** The stored checkpoint, or null while there is none (the checkpoint table appears with the first write). */
    private String storedPosition(String store, int serverId) {
        DbServer server = store.equals("target") ? TARGET.server() : STATUS.server();
        String table = store.equals("target") ? "iso2db' AND TABLE_NAME = 'checkpoint" : "dump2db' AND TABLE_NAME = 'position";
        if ("0".equals(server.queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + table + "'"))) {
            return null;
        }
        return store.equals("target")
                ? TARGET.server().queryValue("SELECT CONCAT(binlog_file, ':', binlog_pos) FROM iso2db.checkpoint WHERE task = 'crash'")
                : STATUS.server().queryValue("SELECT CONCAT(binlog_file, ':', binlog_pos) FROM dump2db.position WHERE server_id = " + serverId);
    }

    private void awaitCheckpointPast(String store, int serverId, String previous, ChildJvm child)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String now = storedPosition(store, serverId);
            if (now != null && (previous == null || Position.parse(now).compareFileTo(Position.parse(previous)) > 0)) {
                return;
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the checkpoint did not move past " + previous + ":\n" + child.output());
            }
            Thread.sleep(20);
        }
    }

    private static void assertMonotonic(List<String> stored) {
        Position previous = null;
        int advanced = 0;
        for (String s : stored) {
            if (s == null) {
                continue;
            }
            Position p = Position.parse(s);
            if (previous != null) {
                assertThat(p.compareFileTo(previous)).as("stored positions %s", stored).isGreaterThanOrEqualTo(0);
                advanced += p.compareFileTo(previous) > 0 ? 1 : 0;
            }
            previous = p;
        }
        assertThat(advanced).as("checkpoint advanced between kills: %s", stored).isEqualTo(stored.size() - 1);
    }

    private static void awaitOutput(ChildJvm child, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!child.output().contains(text)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("child did not print " + text + ":\n" + child.output());
            }
            Thread.sleep(20);
        }
    }
}
