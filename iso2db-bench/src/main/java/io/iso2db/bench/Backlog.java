package io.iso2db.bench;

import io.iso2db.testkit.DbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A write backlog of the shape of sysbench {@code oltp_write_only}: tables {@code sbtest1..N}
 * with {@code (id, k, c, pad)}; each transaction updates an indexed column, updates a
 * non-indexed one, deletes a row and inserts it again.
 */
final class Backlog {

    private Backlog() {
    }

    static void createTables(DbServer s, String db, int tables) {
        for (int t = 1; t <= tables; t++) {
            s.execute("CREATE TABLE `" + db + "`.sbtest" + t + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '',"
                    + " KEY k_" + t + " (k)) ENGINE=InnoDB");
        }
    }

    static void fill(DbServer s, String db, int tables, int rowsPerTable) {
        for (int t = 1; t <= tables; t++) {
            s.execute("INSERT INTO `" + db + "`.sbtest" + t + " (id, k, c, pad) SELECT seq, seq * 7 % " + rowsPerTable
                    + ", REPEAT(CHAR(97 + seq % 26), 120), REPEAT('p', 60) FROM `" + db + "`.seq_1_to_" + rowsPerTable);
        }
    }

    /** Runs {@code transactions} write-only transactions from {@code threads} connections. */
    static void write(DbServer s, String db, int tables, int rowsPerTable, int transactions, int threads)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int share = transactions / threads + (w < transactions % threads ? 1 : 0);
            Thread thread = new Thread(() -> run(s, db, tables, rowsPerTable, share));
            workers.add(thread);
            thread.start();
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    /** Writes at a fixed total rate of {@code tps} transactions per second for {@code millis}, from {@code threads} connections. */
    static void writeAt(DbServer s, String db, int tables, int rowsPerTable, int tps, long millis, int threads)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        long intervalNanos = threads * 1_000_000_000L / tps;
        for (int w = 0; w < threads; w++) {
            Thread thread = new Thread(() -> run(s, db, tables, rowsPerTable, (int) (millis * tps / 1000 / threads),
                    intervalNanos));
            workers.add(thread);
            thread.start();
        }
        for (Thread t : workers) {
            t.join();
        }
    }

    /** Writes at {@code tps} transactions per second from one connection while {@code go} says so. */
    static void writeWhile(DbServer s, String db, int tables, int rowsPerTable, int tps, java.util.function.BooleanSupplier go) {
        run(s, db, tables, rowsPerTable, Integer.MAX_VALUE, 1_000_000_000L / tps, go);
    }

    private static void run(DbServer s, String db, int tables, int rows, int transactions) {
        run(s, db, tables, rows, transactions, 0);
    }

    private static void run(DbServer s, String db, int tables, int rows, int transactions, long intervalNanos) {
        run(s, db, tables, rows, transactions, intervalNanos, () -> true);
    }

    private static void run(DbServer s, String db, int tables, int rows, int transactions, long intervalNanos,
                            java.util.function.BooleanSupplier go) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long start = System.nanoTime();
        try (Connection c = s.connect(db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < transactions && go.getAsBoolean(); i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int table = 1 + r.nextInt(tables);
                int id = 1 + r.nextInt(rows);
                st.execute("UPDATE sbtest" + table + " SET k = k + 1 WHERE id = " + (1 + r.nextInt(rows)));
                st.execute("UPDATE sbtest" + table + " SET c = '" + randomText(r, 120) + "' WHERE id = " + (1 + r.nextInt(rows)));
                st.execute("DELETE FROM sbtest" + table + " WHERE id = " + id);
                st.execute("INSERT INTO sbtest" + table + " (id, k, c, pad) VALUES (" + id + ", " + r.nextInt(rows)
                        + ", '" + randomText(r, 120) + "', '" + randomText(r, 60) + "')");
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("backlog writer failed: " + e.getMessage(), e);
        }
    }

    private static String randomText(ThreadLocalRandom r, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + r.nextInt(26));
        }
        return new String(chars);
    }

    static long binlogSequence(DbServer s) {
        String pos = s.queryValue("SELECT @@gtid_binlog_pos");
        return pos == null || pos.isEmpty() ? 0 : Long.parseLong(pos.substring(pos.lastIndexOf('-') + 1));
    }

}
