package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.LinkProxy;
import io.iso2db.testkit.LinkProxy.Direction;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken links (fault matrix rows 1–4): the source link or the target link is cut in the middle
 * of an event, of a transaction, between a transaction's rows and its COMMIT or after the COMMIT
 * but before its answer, or it stalls without closing. Each transaction on the source inserts one
 * unique token into a ledger without a key and bumps a counter; at the end every token is on the
 * target exactly once and the tables are identical.
 */
class LinkFaultIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static final int CUTS = 50;

    @Test
    void sourceLinkCutMidEventAndMidTransactionLosesAndDoublesNothing() throws Exception {
        Random random = new Random(17);
        try (Ledger ledger = new Ledger("srccut");
             LinkProxy link = LinkProxy.start(SOURCE.server().host(), SOURCE.server().port());
             Replicator r = ledger.replicator(901, b -> b.source(ConnectionSettings.of(link.host(), link.port(),
                     SOURCE.server().replicationUser(), SOURCE.server().replicationPassword())))) {
            r.start();
            ledger.startWriting();
            for (int i = 0; i < CUTS; i++) {
                ledger.awaitProgress();
                link.cutAfter(Direction.TO_CLIENT, 1 + random.nextInt(4_000));   // mid-event, mid-transaction
                await("cut " + i, () -> !link.cutPending());
            }
            ledger.finish(r);
            assertThat(ledger.reconnects()).isGreaterThanOrEqualTo(CUTS / 2);
        }
    }

    @Test
    void targetLinkCutBeforeOrAfterTheCommitLosesAndDoublesNothing() throws Exception {
        Random random = new Random(23);
        try (Ledger ledger = new Ledger("tgtcut");
             LinkProxy link = LinkProxy.start(TARGET.server().host(), TARGET.server().port());
             Replicator r = ledger.replicator(902, b -> b.target(ConnectionSettings.of(link.host(), link.port(),
                     TARGET.server().adminUser(), TARGET.server().adminPassword())))) {
            r.start();
            ledger.startWriting();
            for (int i = 0; i < CUTS; i++) {
                ledger.awaitProgress();
                if (i % 2 == 0) {
                    link.cutAfter(Direction.TO_SERVER, 1 + random.nextInt(3_000));   // rows sent, COMMIT not (all)
                } else {
                    link.cutAfter(Direction.TO_CLIENT, 1 + random.nextInt(60));   // COMMIT done, its answer lost
                }
                await("cut " + i, () -> !link.cutPending());
            }
            ledger.finish(r);
            assertThat(ledger.reconnects()).isGreaterThanOrEqualTo(CUTS / 2);
        }
    }

    @Test
    void aSourceLinkThatStallsIsFoundWithinTheSourceTimeoutAndReconnected() throws Exception {
        try (Ledger ledger = new Ledger("srcstall");
             LinkProxy link = LinkProxy.start(SOURCE.server().host(), SOURCE.server().port());
             Replicator r = ledger.replicator(903, b -> b.sourceTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2))
                     .source(ConnectionSettings.of(link.host(), link.port(), SOURCE.server().replicationUser(),
                             SOURCE.server().replicationPassword())))) {
            r.start();
            ledger.startWriting();
            ledger.awaitProgress();
            link.stall(true);   // no FIN, no RST: bytes just stop arriving
            await("the stall to be found", () -> ledger.errors.stream().anyMatch(e -> e.contains("sent nothing")));
            int found = ledger.errors.size();
            // reconnecting through the stalled link must fail in bounded time too, again and again
            await("reconnects to keep failing, not hang", () -> ledger.errors.size() >= found + 2);
            link.stall(false);
            ledger.finish(r);
        }
    }

    @Test
    void aTargetThatStallsMidCommitIsGivenUpAfterTheTargetTimeoutAndNothingIsDoubled() throws Exception {
        try (Ledger ledger = new Ledger("tgtstall");
             LinkProxy link = LinkProxy.start(TARGET.server().host(), TARGET.server().port());
             Replicator r = ledger.replicator(904, b -> b.targetTimeout(Duration.ofSeconds(2))
                     .target(ConnectionSettings.of(link.host(), link.port(), TARGET.server().adminUser(),
                             TARGET.server().adminPassword())))) {
            r.start();
            ledger.startWriting();
            ledger.awaitProgress();
            link.stall(true);   // statements and COMMITs held on their way: they land when the stall ends
            await("the stall to be given up", () -> ledger.reconnects() > 0);
            link.stall(false);
            ledger.finish(r);
        }
    }

    @Test
    void aBinlogEventCorruptedOnTheWayIsNeverAppliedAndIsReadAgain() throws Exception {
        Random random = new Random(31);
        try (Ledger ledger = new Ledger("corrupt");
             LinkProxy link = LinkProxy.start(SOURCE.server().host(), SOURCE.server().port());
             Replicator r = ledger.replicator(905, b -> b.sourceTimeout(Duration.ofSeconds(2))
                     .source(ConnectionSettings.of(link.host(), link.port(), SOURCE.server().replicationUser(),
                             SOURCE.server().replicationPassword())))) {
            r.start();
            ledger.startWriting();
            for (int i = 0; i < 10; i++) {
                ledger.awaitProgress();
                link.corruptAfter(Direction.TO_CLIENT, 1 + random.nextInt(5_000));   // one byte's bits flipped
                await("corruption " + i, () -> !link.corruptionPending());
            }
            ledger.finish(r);
            assertThat(ledger.errors).anyMatch(e -> e.contains("CRC32"));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A database with a keyless ledger and a counter, a writer on the source, and what the task reported. */
    private static final class Ledger implements AutoCloseable {
        final String db;
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final MariaDbServer source = SOURCE.server();
        private final MariaDbServer target = TARGET.server();
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong reconnects = new AtomicLong();
        private final LogCapture logs = new LogCapture();
        private final String from;
        private Thread writer;
        private long seen;

        Ledger(String name) {
            db = source.newDatabase(name);
            source.execute("CREATE TABLE `" + db + "`.ledger (token VARCHAR(40) NOT NULL, note VARCHAR(200))",
                    "CREATE TABLE `" + db + "`.counter (id INT PRIMARY KEY, n BIGINT NOT NULL)",
                    "INSERT INTO `" + db + "`.counter VALUES (1, 0), (2, 0), (3, 0)");
            Servers.copySchema(source, target, db);
            target.execute("INSERT INTO `" + db + "`.counter SELECT * FROM (SELECT 1, 0 UNION SELECT 2, 0 UNION SELECT 3, 0) x");
            List<String> status = source.query("SHOW MASTER STATUS").get(0);
            from = status.get(0) + ":" + status.get(1);
        }

        Replicator replicator(int serverId, UnaryOperator<ReplicatorBuilder> link) {
            ReplicatorBuilder b = Replicator.builder().name(db).serverId(serverId)
                    .source(Servers.replication(source)).target(Servers.admin(target)).databases(db)
                    .resumeOrStartAt(Position.parse(from))
                    .listener(new ReplicationListener() {
                        @Override
                        public void onStateChange(State state, Iso2dbException error) {
                            if (state == State.RECONNECTING) {
                                reconnects.incrementAndGet();
                                errors.add(String.valueOf(error == null ? null : error.getMessage()));
                            }
                        }
                    });
            return link.apply(b).build();
        }

        void startWriting() {
            writing.set(true);
            writer = new Thread(() -> {
                while (writing.get()) {
                    long n = written.incrementAndGet();
                    source.execute("BEGIN", "INSERT INTO `" + db + "`.ledger VALUES ('t-" + n + "', REPEAT('x', " + (n % 200)
                            + "))", "UPDATE `" + db + "`.counter SET n = n + 1 WHERE id = " + (1 + n % 3), "COMMIT");
                }
            }, "ledger-writer");
            writer.start();
        }

        /** Waits until the target holds more tokens than when last asked. */
        void awaitProgress() throws InterruptedException {
            long before = seen;
            await("more tokens on the target", () -> count(target) > before + 5);
            seen = count(target);
        }

        long reconnects() {
            return reconnects.get();
        }

        /** Stops the writer, waits for the task to catch up and proves every token is there exactly once. */
        void finish(Replicator r) throws InterruptedException {
            stopWriting();
            r.awaitCaughtUp(Duration.ofSeconds(120));
            assertThat(r.failure()).isNull();
            assertThat(count(target)).as("tokens on the target").isEqualTo(written.get()).isEqualTo(count(source));
            assertThat(target.queryValue("SELECT COUNT(DISTINCT token) FROM `" + db + "`.ledger"))
                    .as("distinct tokens").isEqualTo(Long.toString(written.get()));
            TableComparator.assertIdentical(source, target, db);
            // row 15: no password in what the task reported or logged, in its threads' names or in its toString()
            List<String> secrets = List.of(source.replicationPassword(), target.adminPassword());
            List<String> shown = new java.util.ArrayList<>(errors);
            shown.addAll(logs.lines());
            shown.add(r.toString());
            Thread.getAllStackTraces().keySet().forEach(t -> shown.add(t.getName()));
            for (String secret : secrets) {
                assertThat(shown).noneMatch(text -> text.contains(secret));
            }
        }

        private void stopWriting() throws InterruptedException {
            writing.set(false);
            if (writer != null) {
                writer.join();
            }
        }

        private long count(MariaDbServer s) {
            return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger"));
        }

        @Override
        public void close() throws InterruptedException {
            logs.close();
            stopWriting();
        }
    }
}
