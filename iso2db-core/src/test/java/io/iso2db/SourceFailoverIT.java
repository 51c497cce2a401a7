package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Source failover (fault matrix row 6): the primary dies and its GTID replica is promoted. A task
 * given the replica as a failover server reads on there by GTID, exactly; when the replica lacks
 * transactions the target already has, the task stops saying so and reads nothing from it.
 */
class SourceFailoverIT {

    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static void replicate(MariaDbServer replica, MariaDbServer primary) {
        replica.execute("STOP SLAVE", "RESET SLAVE ALL",
                "CHANGE MASTER TO MASTER_HOST = '" + primary.host() + "', MASTER_PORT = " + primary.port()
                        + ", MASTER_USER = '" + primary.replicationUser() + "', MASTER_PASSWORD = '"
                        + primary.replicationPassword() + "', MASTER_USE_GTID = slave_pos, MASTER_SSL = 0",
                "START SLAVE");
    }

    private static void promote(MariaDbServer replica) {
        replica.execute("STOP SLAVE", "RESET SLAVE ALL");
    }

    private static long count(MariaDbServer s) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM shop.ledger"));
    }

    private static void write(MariaDbServer s, AtomicLong tokens, int n) {
        for (int i = 0; i < n; i++) {
            s.execute("INSERT INTO shop.ledger VALUES ('t-" + tokens.incrementAndGet() + "')");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Replicator task(MariaDbServer primary, MariaDbServer replica, int serverId) {
        List<String> end = primary.query("SHOW MASTER STATUS").get(0);
        ConnectionSettings first = ConnectionSettings.of(primary.host(), primary.port(), primary.replicationUser(),
                primary.replicationPassword());
        return Replicator.builder().name("shop" + serverId).serverId(serverId).source(first)
                .sourceFailover(first.at(replica.host(), replica.port()))
                .target(Servers.admin(TARGET.server())).databases("shop")
                .resumeOrStartAt(Position.file(end.get(0), Long.parseLong(end.get(1))))
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    private static void prepare(MariaDbServer primary, MariaDbServer replica) throws InterruptedException {
        replicate(replica, primary);
        primary.execute("CREATE DATABASE shop", "CREATE TABLE shop.ledger (token VARCHAR(40) NOT NULL)");
        TARGET.server().execute("DROP DATABASE IF EXISTS shop", "CREATE DATABASE shop",
                "CREATE TABLE shop.ledger (token VARCHAR(40) NOT NULL)");
        await("the replica to have the table", () -> !replica.query(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop'").isEmpty());
    }

    @Test
    void whenThePrimaryDiesTheTaskReadsOnFromThePromotedReplicaExactly() throws Exception {
        try (MariaDbServer primary = MariaDbServer.builder().serverId(41).start();
             MariaDbServer replica = MariaDbServer.builder().serverId(42).start()) {
            prepare(primary, replica);
            AtomicLong tokens = new AtomicLong();
            try (Replicator r = task(primary, replica, 951)) {
                r.start();
                write(primary, tokens, 50);
                await("the target and the replica to have the primary's rows",
                        () -> count(TARGET.server()) == 50 && count(replica) == 50);
                primary.kill();
                promote(replica);
                write(replica, tokens, 50);   // the application writes to the new primary
                await("the task to read on from the promoted replica", () -> count(TARGET.server()) == 100);
                assertThat(r.failure()).isNull();
            }
            assertThat(TARGET.server().queryValue("SELECT COUNT(DISTINCT token) FROM shop.ledger")).isEqualTo("100");
            TableComparator.assertIdentical(replica, TARGET.server(), "shop");
        }
    }

    @Test
    void aTaskStartedWhileThePrimaryIsDownStartsOnThePromotedReplicaFromTheTargetsCheckpoint() throws Exception {
        try (MariaDbServer primary = MariaDbServer.builder().serverId(45).start();
             MariaDbServer replica = MariaDbServer.builder().serverId(46).start()) {
            prepare(primary, replica);
            AtomicLong tokens = new AtomicLong();
            ConnectionSettings first = ConnectionSettings.of(primary.host(), primary.port(), primary.replicationUser(),
                    primary.replicationPassword());
            try (Replicator r = task(primary, replica, 953)) {
                r.start();
                write(primary, tokens, 30);
                await("the target and the replica to have the primary's rows",
                        () -> count(TARGET.server()) == 30 && count(replica) == 30);
            }
            primary.kill();   // while the task is down (a service restarted during the incident)
            promote(replica);
            write(replica, tokens, 30);
            try (Replicator again = Replicator.builder().name("shop953").serverId(953).source(first)
                    .sourceFailover(first.at(replica.host(), replica.port()))
                    .target(Servers.admin(TARGET.server())).databases("shop").resume()
                    .connectTimeout(Duration.ofSeconds(3)).build()) {
                again.start();
                await("the task to read on from the promoted replica", () -> count(TARGET.server()) == 60);
                assertThat(again.failure()).isNull();
            }
            assertThat(TARGET.server().queryValue("SELECT COUNT(DISTINCT token) FROM shop.ledger")).isEqualTo("60");
            TableComparator.assertIdentical(replica, TARGET.server(), "shop");
        }
    }

    @Test
    void aPromotedReplicaThatLacksTransactionsTheTargetHasIsNeverReadFrom() throws Exception {
        try (MariaDbServer primary = MariaDbServer.builder().serverId(43).start();
             MariaDbServer replica = MariaDbServer.builder().serverId(44).start()) {
            prepare(primary, replica);
            AtomicLong tokens = new AtomicLong();
            try (Replicator r = task(primary, replica, 952)) {
                r.start();
                write(primary, tokens, 20);
                await("the replica to have the first rows", () -> count(replica) == 20);
                replica.execute("STOP SLAVE");   // the replica falls behind ...
                write(primary, tokens, 20);
                await("the target to have all 40", () -> count(TARGET.server()) == 40);
                primary.kill();   // ... and is promoted without the last 20
                promote(replica);
                write(replica, tokens, 10);
                Iso2dbException e = Servers.awaitFailure(r);
                assertThat(e.code()).isEqualTo(ErrorCode.POSITION_MISMATCH);
                assertThat(e.getMessage()).contains("lack transactions the target already has")
                        .contains(replica.host() + ":" + replica.port());
            }
            assertThat(count(TARGET.server())).as("nothing read from the replica").isEqualTo(40);
        }
    }
}
