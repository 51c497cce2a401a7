package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault matrix row 9: the target runs out of space. Its InnoDB data lives in fixed-size files
 * (no autoextend, no file per table; the second file is added at start and is big enough that
 * dropping the ballast frees whole extents), filled by a ballast table; replicated transactions
 * then meet "table is full". The task must name the condition, commit no part of a transaction, wait,
 * and go on exactly once space is freed (the ballast dropped).
 */
class TargetFullIT {

    private static final int ROWS_PER_TRANSACTION = 4;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.custom(b -> b.serverId(2)
            .extraArgs("--innodb-file-per-table=0", "--innodb-data-file-path=ibdata1:12M;ibdata2:16M"));

    @Test
    void aTargetOutOfSpaceIsNamedWaitedForAndTheTaskGoesOnExactlyOnceSpaceIsFreed() throws Exception {
        MariaDbServer source = SOURCE.server();
        MariaDbServer target = TARGET.server();
        String db = source.newDatabase("full");
        source.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, pad VARCHAR(2000))");
        Servers.copySchema(source, target, db);
        List<String> start = source.query("SHOW MASTER STATUS").get(0);
        List<String> waits = new CopyOnWriteArrayList<>();
        try (Replicator r = Replicator.builder().name(db).serverId(921).source(Servers.replication(source))
                .target(Servers.admin(target)).databases(db)
                .resumeOrStartAt(Position.file(start.get(0), Long.parseLong(start.get(1))))
                .listener(new ReplicationListener() {
                    @Override
                    public void onStateChange(State state, Iso2dbException error) {
                        if (state == State.RECONNECTING) {
                            waits.add(error.code() + ": " + error.getMessage());
                        }
                    }
                }).build()) {
            r.start();
            insertTransactions(db, 0, 5);
            r.awaitCaughtUp(Duration.ofSeconds(60));

            String ballast = fillWithBallast(target);
            long before = count(target, db);
            insertTransactions(db, 5, 40);
            await("the task to wait for space", () -> {
                assertThat(r.failure()).as("the task waits rather than stopping").isNull();
                return waits.size() >= 2;
            });
            assertThat(count(target, db) % ROWS_PER_TRANSACTION).as("no part of a transaction committed").isZero();
            assertThat(count(target, db)).as("nothing past the full point").isLessThan(40L * ROWS_PER_TRANSACTION);
            assertThat(before).isEqualTo(5L * ROWS_PER_TRANSACTION);

            target.execute("DROP TABLE " + ballast);
            insertTransactions(db, 40, 45);
            r.awaitCaughtUp(Duration.ofSeconds(120));
            assertThat(r.failure()).isNull();
        }
        assertThat(waits.get(0)).startsWith("TARGET_FULL").contains("is full").contains("free space");
        TableComparator.assertIdentical(source, target, db);
    }

    private static void insertTransactions(String db, int from, int to) {
        String pad = "p".repeat(1500);
        for (int i = from; i < to; i++) {
            StringBuilder sql = new StringBuilder("INSERT INTO `" + db + "`.t VALUES ");
            for (int k = 0; k < ROWS_PER_TRANSACTION; k++) {
                sql.append(k == 0 ? "" : ", ").append("(").append(i * ROWS_PER_TRANSACTION + k).append(", '").append(pad)
                        .append("')");
            }
            SOURCE.server().execute(sql.toString());
        }
    }

    /** Fills the target's only data file to the last page; returns the table holding the ballast. */
    private static String fillWithBallast(MariaDbServer target) {
        String db = target.newDatabase("ballast");
        String table = "`" + db + "`.b";
        target.execute("CREATE TABLE " + table + " (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(4000))",
                "INSERT INTO " + table + " (pad) VALUES (REPEAT('b', 4000))");
        int pad = 4000;
        while (pad > 0) {
            try {
                target.execute("INSERT INTO " + table + " (pad) SELECT REPEAT('b', " + pad + ") FROM " + table
                        + " LIMIT 1000");
            } catch (RuntimeException e) {
                assertThat(rootMessage(e)).as("the ballast stops at a full table").contains("is full");
                pad /= 4;
            }
        }
        return table;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static long count(MariaDbServer s, String db) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM `" + db + "`.t"));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
