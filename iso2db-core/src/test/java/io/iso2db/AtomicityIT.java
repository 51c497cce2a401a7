package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reader on the target never sees half of a source transaction. */
class AtomicityIT {

    private static final int ACCOUNTS = 50;
    private static final long TOTAL = ACCOUNTS * 1000L;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @ParameterizedTest(name = "group commit of up to {0}")
    @ValueSource(ints = {1, 20})
    void readersOnTheTargetAlwaysSeeWholeTransfers(int group) throws Exception {
        String db = SOURCE.server().newDatabase("atomic");
        SOURCE.server().execute("CREATE TABLE " + db + ".account (id INT PRIMARY KEY, balance BIGINT NOT NULL)",
                "CREATE TABLE " + db + ".transfer_log (id INT AUTO_INCREMENT PRIMARY KEY, amount INT)");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < ACCOUNTS; i++) {
            rows.append(i == 0 ? "" : ",").append("(").append(i).append(", 1000)");
        }
        SOURCE.server().execute("INSERT INTO " + db + ".account VALUES " + rows);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        TARGET.server().execute("INSERT INTO " + db + ".account VALUES " + rows);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger torn = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try (Connection c = TARGET.server().connect(db); Statement st = c.createStatement()) {
                while (running.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT SUM(balance), COUNT(*) FROM account")) {
                        rs.next();
                        if (rs.getLong(1) != TOTAL || rs.getInt(2) != ACCOUNTS) {
                            torn.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                torn.addAndGet(1_000_000);
            }
        });
        try (Replicator r = Replicator.builder().name(db).serverId(601).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).groupCommit(group, Duration.ofMillis(10)).build()) {
            r.start();
            reader.start();
            Random random = new Random(5);
            try (Connection c = SOURCE.server().connect(db); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 0; i < 800; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    int amount = random.nextInt(50);
                    // the two halves of each transfer in separate statements, with unrelated rows between them
                    st.execute("UPDATE account SET balance = balance - " + amount + " WHERE id = " + from);
                    st.execute("INSERT INTO transfer_log (amount) VALUES (" + amount + ")");
                    st.execute("UPDATE account SET balance = balance + " + amount + " WHERE id = " + to);
                    c.commit();
                }
            }
            r.awaitCaughtUp(Duration.ofSeconds(60));
        } finally {
            running.set(false);
            reader.join();
        }
        assertThat(reads.get()).isGreaterThan(50);
        assertThat(torn.get()).as("torn reads out of %d", reads.get()).isZero();
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }
}
