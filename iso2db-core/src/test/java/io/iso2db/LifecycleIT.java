package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.event.DdlChange;
import io.iso2db.spi.ReplicationListener;
import io.iso2db.spi.ReplicationListener.State;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What people and monitors see of a task's life: honest states, bounded close without leftovers, a way to wait. */
class LifecycleIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static String table(String prefix) {
        String db = SOURCE.server().newDatabase(prefix);
        SOURCE.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        return db;
    }

    private static ReplicatorBuilder task(String db, int serverId) {
        return Replicator.builder().name("life-" + db).serverId(serverId).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static final class States implements ReplicationListener {
        final List<State> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChange(State state, Iso2dbException error) {
            seen.add(state);
        }
    }

    @Test
    void fiftyStartCloseCyclesLeaveNoDumpThreadNoLockConnectionAndNoThread() throws Exception {
        String db = table("cycles");
        for (int i = 0; i < 50; i++) {
            try (Replicator r = task(db, 601).name("cycle").build()) {
                r.start();
            }
        }
        await("no binlog dump thread on the source", () -> SOURCE.server().query(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'").isEmpty());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(connections(SOURCE.server()).isEmpty() && connections(TARGET.server()).isEmpty())) {
            assertThat(System.nanoTime()).as("connections left: source %s, target %s", connections(SOURCE.server()),
                    connections(TARGET.server())).isLessThan(deadline);
            Thread.sleep(20);
        }
        await("no thread of the task left in this JVM", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("iso2db-cycle")));
    }

    /** Client connections other than this query's (the server's own threads left out). */
    private static List<List<String>> connections(io.iso2db.testkit.DbServer s) {
        return s.query("SELECT ID, USER, COMMAND, STATE, INFO FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND USER NOT IN ('system user', 'event_scheduler') AND COMMAND NOT IN ('Daemon', 'Slave_IO', 'Slave_SQL')");
    }

    @Test
    void aFailedStartReportsFailedAndNeverStopped() {
        String db = SOURCE.server().newDatabase("failed_start");
        SOURCE.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE DATABASE IF NOT EXISTS `" + db + "`");   // the table is missing there
        States states = new States();
        try (Replicator r = task(db, 602).listener(states).build()) {
            assertThatThrownBy(r::start).isInstanceOf(Iso2dbException.class);
            assertThat(r.failure()).isNotNull();
            assertThat(r.failure().code()).isEqualTo(ErrorCode.TARGET_TABLE_MISSING);
        }
        assertThat(states.seen).containsExactly(State.STARTING, State.FAILED);
    }

    @Test
    void theLagOfAnOldTransactionIsReportedAndFallsToZeroOnceEverythingIsApplied() throws Exception {
        String db = table("lag");
        List<List<String>> status = SOURCE.server().query("SHOW MASTER STATUS");
        Position from = Position.file(status.get(0).get(0), Long.parseLong(status.get(0).get(1)));
        SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
        String committed = SOURCE.server().queryValue("SELECT NOW(6)");
        await("the source clock to pass the commit by 1.5 s", () -> Double.parseDouble(SOURCE.server().queryValue(
                "SELECT TIMESTAMPDIFF(MICROSECOND, '" + committed + "', NOW(6)) / 1000")) > 1_500);
        List<Long> lags = new CopyOnWriteArrayList<>();
        try (Replicator r = task(db, 604).startAt(from).listener(new ReplicationListener() {
            @Override
            public void onTransaction(io.iso2db.event.Transaction t) {
                lags.add(t.lagMillis());
            }
        }).build()) {
            r.start();
            r.awaitCaughtUp(CATCH_UP);
            await("the transaction", () -> !lags.isEmpty());
            assertThat(lags.get(0)).as("an old transaction's lag").isGreaterThanOrEqualTo(500);
            await("the lag to read 0 while nothing waits and the source is idle", () -> r.lagMillis() == 0);
        }
    }

    @Test
    void aTargetOutageReadsReconnectingWithAGrowingLagUntilTheTargetIsBack() throws Exception {
        try (MariaDbServer target = MariaDbServer.builder().serverId(3).start()) {
            String db = SOURCE.server().newDatabase("outage");
            SOURCE.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
            Servers.copySchema(SOURCE.server(), target, db);
            States states = new States();
            try (Replicator r = Replicator.builder().name("life-outage").serverId(603)
                    .source(Servers.replication(SOURCE.server())).target(Servers.admin(target)).databases(db)
                    .listener(states).build()) {
                r.start();
                SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
                r.awaitCaughtUp(CATCH_UP);
                target.stop();
                SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (2)");
                await("RECONNECTING", () -> !states.seen.isEmpty() && states.seen.get(states.seen.size() - 1) == State.RECONNECTING);
                long lag = r.lagMillis();
                await("the lag to grow", () -> r.lagMillis() > lag + 500);
                assertThat(states.seen.get(states.seen.size() - 1)).as("still down").isEqualTo(State.RECONNECTING);
                target.restart();
                r.awaitCaughtUp(CATCH_UP);
                await("RUNNING again", () -> states.seen.get(states.seen.size() - 1) == State.RUNNING);
                assertThat(target.query("SELECT COUNT(*) FROM `" + db + "`.t")).containsExactly(List.of("2"));
                assertThat(r.failure()).isNull();
            }
        }
    }

    @Test
    void startWaitsForAnUnreachableTargetOnlyWhenAskedTo() throws Exception {
        try (MariaDbServer target = MariaDbServer.builder().serverId(4).start()) {
            String db = SOURCE.server().newDatabase("start_retry");
            SOURCE.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
            Servers.copySchema(SOURCE.server(), target, db);
            target.stop();
            ReplicatorBuilder b = Replicator.builder().name("life-start-retry").serverId(607)
                    .source(Servers.replication(SOURCE.server())).target(Servers.admin(target)).databases(db);
            try (Replicator r = b.build()) {
                assertThatThrownBy(r::start).isInstanceOfSatisfying(Iso2dbException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED));
            }
            States states = new States();
            try (Replicator r = b.retryStartFor(Duration.ofMinutes(2)).listener(states).build()) {
                Thread starter = new Thread(r::start);
                starter.start();
                await("RECONNECTING while the target is down", () -> states.seen.contains(State.RECONNECTING));
                target.restart();
                starter.join(120_000);
                assertThat(starter.isAlive()).isFalse();
                SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
                r.awaitCaughtUp(CATCH_UP);
                assertThat(r.failure()).isNull();
            }
            assertThat(target.query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
        }
    }

    @Test
    void aListenerThatThrowsOnDdlDoesNotStopTheTask() throws Exception {
        String db = table("listener_ddl");
        ReplicationListener throwing = new ReplicationListener() {
            @Override
            public void onDdl(DdlChange ddl, Position after) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (Replicator r = task(db, 604).listener(throwing).build()) {
            r.start();
            SOURCE.server().execute("ALTER TABLE `" + db + "`.t ADD COLUMN v INT", "INSERT INTO `" + db + "`.t VALUES (1, 1)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().query("SELECT id, v FROM `" + db + "`.t")).containsExactly(List.of("1", "1"));
    }

    /**
     * An Error on the apply thread (here from a listener: a StackOverflowError; in life also an
     * OutOfMemoryError) stops the task, FAILED with the error named, instead of leaving it RUNNING
     * with a dead apply thread.
     */
    @Test
    void anErrorOnTheApplyThreadStopsTheTaskWithTheErrorNamed() throws Exception {
        String db = table("apply_error");
        States states = new States();
        ReplicationListener overflowing = new ReplicationListener() {
            @Override
            public void onTransaction(io.iso2db.event.Transaction t) {
                throw new StackOverflowError("listener recursion");
            }
        };
        try (Replicator r = task(db, 606).listener(states).listener(overflowing).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
            await("the task to fail", () -> r.failure() != null);
            assertThat(r.failure()).hasMessageContaining("StackOverflowError").hasMessageContaining("listener recursion");
            assertThat(r.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(states.seen).contains(State.FAILED);
        }
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
    }

    @Test
    void awaitTerminationReturnsOnceTheTaskFailsAndOnceItIsClosed() throws Exception {
        String db = table("await_end");
        try (Replicator r = task(db, 605).build()) {
            r.start();
            assertThat(r.awaitTermination(Duration.ofMillis(50))).as("still running").isFalse();
            TARGET.server().execute("DROP TABLE `" + db + "`.t");
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
            assertThat(r.awaitTermination(Duration.ofSeconds(60))).isTrue();
            assertThat(r.failure()).isNotNull();
        }
        try (Replicator r = task(db, 606).name("life-await-closed").build()) {
            TARGET.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");
            r.start();
            r.close();
            assertThat(r.awaitTermination(Duration.ofSeconds(1))).isTrue();
        }
    }
}
