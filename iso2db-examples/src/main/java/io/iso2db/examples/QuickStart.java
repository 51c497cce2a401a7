package io.iso2db.examples;

import io.iso2db.ConnectionSettings;
import io.iso2db.Replicator;
import io.iso2db.testkit.Backend;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

/**
 * Starts two embedded MariaDB servers, creates and loads a small shop on the first, replicates
 * it (DDL and rows) and a live workload to the empty second one for a few seconds, then proves
 * both hold the same rows.
 *
 * <p>Run: {@code ./mvnw -B -q -Pquickstart -pl iso2db-examples -am package -DskipTests}
 * (argument: seconds of live workload, default 5).
 */
public final class QuickStart {

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
            // The target starts empty: schema and rows both arrive through replication.
            createShop(source);
            load(source, 0, 2000);

            try (Replicator replicator = Replicator.builder()
                    .name("quickstart")
                    .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(),
                            source.replicationPassword()))
                    .target(ConnectionSettings.of(target.host(), target.port(), target.adminUser(), target.adminPassword()))
                    .serverId(1001)
                    .databases("shop")
                    .resumeOrStartAt(io.iso2db.Position.file("mysql-bin.000001", 4))
                    .build()) {
                replicator.start();
                Random random = new Random(1);
                long end = System.currentTimeMillis() + seconds * 1000L;
                long nextReport = System.currentTimeMillis() + 1000;
                int round = 1;
                while (System.currentTimeMillis() < end) {
                    workload(source, random, round++);
                    if (System.currentTimeMillis() >= nextReport) {
                        System.out.printf("  replicated %,d transactions, %,d rows, lag %d ms%n",
                                replicator.transactionsApplied(), replicator.rowsApplied(), replicator.lagMillis());
                        nextReport += 1000;
                    }
                }
                replicator.awaitCaughtUp(Duration.ofSeconds(60));
                TableComparator.Comparison cmp = TableComparator.compare(source, target, "shop");
                System.out.printf("%nSummary: %,d transactions and %,d row changes replicated; position %s%n",
                        replicator.transactionsApplied(), replicator.rowsApplied(), replicator.position());
                System.out.print(cmp.report());
                if (!cmp.identical()) {
                    System.out.println("Source and target DIFFER");
                    System.exit(1);
                }
                System.out.printf("Source and target are identical: %,d rows compared, byte for byte.%n%n",
                        cmp.rowsCompared());
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

    private static void load(DbServer s, int from, int count) throws Exception {
        try (Connection c = s.connect("shop"); Statement st = c.createStatement()) {
            StringBuilder sql = new StringBuilder("INSERT INTO customer VALUES ");
            for (int i = from; i < from + count; i++) {
                sql.append(i == from ? "" : ",").append("(").append(i).append(", 'Customer ").append(i)
                        .append("', ").append(i % 7 == 0 ? "NULL" : "'c" + i + "@example.com'").append(", NOW(6))");
            }
            st.execute(sql.toString());
        }
    }

    private static void workload(DbServer s, Random r, int round) throws Exception {
        try (Connection c = s.connect("shop"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                int customer = r.nextInt(2000);
                st.execute("INSERT INTO orders (customer_id, total, note) VALUES (" + customer + ", "
                        + (r.nextInt(100_000) / 100.0) + ", 'round " + round + "')");
                st.execute("UPDATE orders SET status = 'paid' WHERE customer_id = " + r.nextInt(2000) + " AND status = 'new'");
                if (r.nextInt(4) == 0) {
                    st.execute("DELETE FROM orders WHERE customer_id = " + r.nextInt(2000) + " AND status = 'shipped'");
                    st.execute("UPDATE orders SET status = 'shipped' WHERE status = 'paid' AND customer_id < " + r.nextInt(200));
                }
                c.commit();
            }
        }
    }
}
