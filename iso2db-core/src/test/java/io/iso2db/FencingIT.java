package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fencing (cluster mode): a task taken over by another node can never be applied by its former
 * owner again, however long that owner was frozen.
 */
class FencingIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long count(MariaDbServer s, String db) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger"));
    }

    @Test
    void aFrozenOwnerWokenAfterATakeOverAppliesNothingAndStopsFenced() throws Exception {
        MariaDbServer source = SOURCE.server();
        MariaDbServer target = TARGET.server();
        String db = source.newDatabase("fence");
        source.execute("CREATE TABLE `" + db + "`.ledger (token VARCHAR(40) NOT NULL)");
        Servers.copySchema(source, target, db);
        List<List<String>> status = source.query("SHOW MASTER STATUS");
        String from = status.get(0).get(0) + ":" + status.get(0).get(1);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                source.execute("INSERT INTO `" + db + "`.ledger VALUES ('t-" + written.incrementAndGet() + "')");
            }
        });
        List<String> args = List.of(source.host(), Integer.toString(source.port()), source.replicationUser(),
                source.replicationPassword(), target.host(), Integer.toString(target.port()), target.adminUser(),
                target.adminPassword(), db, "801", from, "target", "fenced");
        writer.start();
        try (ChildJvm first = ChildJvm.start(ReplicatorMain.class, List.of("-Xmx256m"), args)) {
            await("the first owner to apply", () -> first.output().contains("STARTED") && count(target, db) > 20);
            first.signal("STOP");   // frozen: a GC pause, a VM migration, a partition
            long frozenAt = count(target, db);
            try (Replicator second = Replicator.builder().name("crash").serverId(801)
                    .source(Servers.replication(source)).target(Servers.admin(target)).databases(db)
                    .resumeOrStartAt(Position.parse(from)).fenced().build()) {
                second.start();
                long after = written.get();
                await("the new owner to apply", () -> count(target, db) > frozenAt + 20 && written.get() > after + 20);
                first.signal("CONT");
                assertThat(first.awaitExit(Duration.ofSeconds(60))).as(first.output()).isEqualTo(2);
                assertThat(first.output()).contains("FENCED");
                writing.set(false);
                writer.join();
                second.awaitCaughtUp(Duration.ofSeconds(60));
                assertThat(second.failure()).isNull();
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(count(target, db)).as("every token once").isEqualTo(written.get()).isEqualTo(count(source, db));
        assertThat(target.queryValue("SELECT COUNT(DISTINCT token) FROM `" + db + "`.ledger"))
                .isEqualTo(Long.toString(written.get()));
        assertThat(Long.parseLong(target.queryValue("SELECT epoch FROM iso2db.checkpoint WHERE task = 'crash'")))
                .as("two take-overs").isEqualTo(2);
    }

    @Test
    void aFormerOwnerNeverMovesTheStatusRowOfTheNewOwner() {
        MariaDbServer target = TARGET.server();
        io.iso2db.spi.CheckpointStore.Context context = new io.iso2db.spi.CheckpointStore.Context(
                new io.iso2db.spi.CheckpointStore.Key("status-fence", 901), Servers.admin(target), false);
        try (var former = new io.iso2db.internal.checkpoint.JdbcCheckpointStore(Servers.admin(target), "dump2db_fence");
             var owner = new io.iso2db.internal.checkpoint.JdbcCheckpointStore(Servers.admin(target), "dump2db_fence")) {
            former.open(context);
            former.takeOver();
            owner.open(context);
            owner.takeOver();
            owner.saveCommitted(Position.file("mysql-bin.000002", 2000));
            former.saveCommitted(Position.file("mysql-bin.000001", 1000));   // late, from a node that lost the task
            assertThat(target.query("SELECT binlog_file, binlog_pos, epoch FROM dump2db_fence.position"
                    + " WHERE server_id = 901")).containsExactly(List.of("mysql-bin.000002", "2000", "2"));
        }
    }
}
