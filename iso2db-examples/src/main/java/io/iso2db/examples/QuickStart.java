package io.iso2db.examples;

import io.iso2db.ConnectionSettings;
import io.iso2db.Replicator;
import io.iso2db.export.Exporter;
import io.iso2db.testkit.Backend;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts two embedded MariaDB servers, creates and loads a small shop on the first, then does
 * what the original tool's {@code full=True} does while a live workload keeps writing: a consistent
 * parallel export (with a progress bar) to the empty second server, and replication from the
 * export's position. Finally proves both hold the same rows.
 *
 * <p>Run: {@code ./mvnw -B -q -Pquickstart -pl iso2db-examples -am package -DskipTests}
 * (argument: seconds of live workload after the export, default 5).
 */
public final class QuickStart {

    private static final int CUSTOMERS = 200_000;

    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Backend backend = System.getProperty(Backend.PROPERTY) == null ? Backend.EMBEDDED : Backend.configured();
        try (MariaDbServer source = MariaDbServer.builder().backend(backend).serverId(1).start();
             MariaDbServer target = MariaDbServer.builder().backend(backend).serverId(2).start()) {
            System.out.printf("%nsource: %s%ntarget: %s%n%n", source, target);
            createShop(source);
            load(source);
            ConnectionSettings src = ConnectionSettings.of(source.host(), source.port(), source.adminUser(),
                    source.adminPassword());
            ConnectionSettings dst = ConnectionSettings.of(target.host(), target.port(), target.adminUser(),
                    target.adminPassword());

            AtomicBoolean stop = new AtomicBoolean();
            Thread live = new Thread(() -> {
                Random random = new Random(1);
                for (int round = 1; !stop.get(); round++) {
                    workload(source, random, round);
                }
            }, "live-workload");
            live.start();

            // the original tool's full=True: export under one snapshot, then replicate from exactly that position
            Exporter exporter = Exporter.builder().source(src).target(dst).databases("shop").threads(4)
                    .chunkRows(20_000).listener(new ProgressBar(System.out)).build();
            try (Replicator replicator = exporter.runThenReplicate(Replicator.builder()
                    .name("quickstart")
                    .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(),
                            source.replicationPassword()))
                    .target(dst)
                    .serverId(1001)
                    .databases("shop"))) {
                long end = System.currentTimeMillis() + seconds * 1000L;
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(1000);
                    System.out.printf("  replicated %,d transactions, %,d rows, lag %d ms%n",
                            replicator.transactionsApplied(), replicator.rowsApplied(), replicator.lagMillis());
                }
                stop.set(true);
                live.join();
                replicator.awaitCaughtUp(Duration.ofSeconds(60));
                TableComparator.Comparison cmp = TableComparator.compare(source, target, "shop");
                System.out.printf("%nSummary: exported, then %,d transactions and %,d row changes replicated; position %s%n",
                        replicator.transactionsApplied(), replicator.rowsApplied(), replicator.position());
                System.out.print(cmp.report());
                if (!cmp.identical()) {
                    throw new IllegalStateException("Source and target DIFFER");
                }
                System.out.printf("Source and target are identical: %,d rows compared, byte for byte.%n%n",
                        cmp.rowsCompared());
            } finally {
                stop.set(true);
            }
        }
    }

    private static void createShop(DbServer s) {
        s.execute("CREATE DATABASE shop",
                "CREATE TABLE shop.customer (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, email VARCHAR(80),"
                        + " created DATETIME(6) NOT NULL)",
                "CREATE TABLE shop.orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                        + " total DECIMAL(12,2) NOT NULL, status ENUM('new','paid','shipped') NOT NULL DEFAULT 'new',"
                        + " note TEXT, KEY (customer_id))");
    }

    private static void load(DbServer s) {
        s.execute("USE shop", "INSERT INTO customer SELECT seq, CONCAT('Customer ', seq),"
                        + " IF(seq % 7 = 0, NULL, CONCAT('c', seq, '@example.com')), NOW(6) FROM seq_0_to_" + (CUSTOMERS - 1),
                "INSERT INTO orders (customer_id, total, note) SELECT seq % " + CUSTOMERS + ", (seq % 100000) / 100,"
                        + " 'loaded' FROM seq_1_to_100000");
    }

    private static void workload(DbServer s, Random r, int round) {
        try (Connection c = s.connect("shop"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                int customer = r.nextInt(CUSTOMERS);
                st.execute("INSERT INTO orders (customer_id, total, note) VALUES (" + customer + ", "
                        + (r.nextInt(100_000) / 100.0) + ", 'round " + round + "')");
                st.execute("UPDATE orders SET status = 'paid' WHERE customer_id = " + r.nextInt(CUSTOMERS) + " AND status = 'new'");
                if (r.nextInt(4) == 0) {
                    st.execute("DELETE FROM orders WHERE customer_id = " + r.nextInt(CUSTOMERS) + " AND status = 'shipped'");
                    st.execute("UPDATE orders SET status = 'shipped' WHERE status = 'paid' AND customer_id < " + r.nextInt(200));
                }
                c.commit();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("live workload failed: " + e.getMessage(), e);
        }
    }
}
