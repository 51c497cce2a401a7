package io.iso2db;

import io.iso2db.testkit.DbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A random write workload over five tables of different key kinds: primary key, composite key,
 * unique-only, no key at all, auto-increment. Multi-statement transactions, rollbacks, NULLs.
 */
final class Workload {

    static final String[] TABLES = {"pk", "composite", "uniq", "nokey", "autoinc"};

    private Workload() {
    }

    static void createTables(DbServer s, String db) {
        s.execute("CREATE TABLE `" + db + "`.pk (id INT PRIMARY KEY, name VARCHAR(40), qty INT, price DECIMAL(12,2),"
                        + " note TEXT, updated DATETIME(3))",
                "CREATE TABLE `" + db + "`.composite (a INT, b VARCHAR(10), v BIGINT UNSIGNED, PRIMARY KEY (a, b))",
                "CREATE TABLE `" + db + "`.uniq (code VARCHAR(20) NOT NULL, n INT, data VARBINARY(64), UNIQUE KEY (code))",
                "CREATE TABLE `" + db + "`.nokey (x INT, y VARCHAR(20), z DOUBLE)",
                "CREATE TABLE `" + db + "`.autoinc (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(100), t TIMESTAMP(6) NULL)");
    }

    /** Runs {@code transactions} random transactions; returns how many committed. */
    static int run(DbServer s, String db, long seed, int transactions) {
        Random r = new Random(seed);
        int committed = 0;
        try (Connection c = s.connect(db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int t = 0; t < transactions; t++) {
                int statements = 1 + r.nextInt(5);
                for (int i = 0; i < statements; i++) {
                    st.execute(randomStatement(r));
                }
                if (r.nextInt(10) == 0) {
                    c.rollback();
                } else {
                    c.commit();
                    committed++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("workload failed: " + e.getMessage(), e);
        }
        return committed;
    }

    static String randomStatement(Random r) {
        int id = r.nextInt(200);
        String name = r.nextInt(8) == 0 ? "NULL" : "'n" + r.nextInt(1000) + "'";
        return switch (r.nextInt(13)) {
            case 0, 1 -> "INSERT INTO pk VALUES (" + id + ", " + name + ", " + r.nextInt(100) + ", " + r.nextInt(10000) / 100.0
                    + ", REPEAT('x', " + r.nextInt(300) + "), NOW(3)) ON DUPLICATE KEY UPDATE qty = qty + 1";
            case 2 -> "UPDATE pk SET qty = qty + 1, name = " + name + " WHERE id < " + id + " AND id > " + (id - 10);
            case 3 -> "DELETE FROM pk WHERE id = " + id;
            case 4 -> "INSERT IGNORE INTO composite VALUES (" + r.nextInt(50) + ", 'b" + r.nextInt(5) + "', "
                    + (r.nextBoolean() ? "18446744073709551615" : String.valueOf(r.nextInt(1000))) + ")";
            case 5 -> "UPDATE composite SET v = v DIV 2 WHERE a = " + r.nextInt(50);
            case 6 -> "DELETE FROM composite WHERE a = " + r.nextInt(50) + " AND b = 'b" + r.nextInt(5) + "'";
            case 7 -> "INSERT INTO uniq VALUES ('c" + r.nextInt(100) + "', " + r.nextInt(100) + ", UNHEX('00" + Integer.toHexString(r.nextInt(65536))
                    + "')) ON DUPLICATE KEY UPDATE n = n + 1";
            case 8 -> "DELETE FROM uniq WHERE code = 'c" + r.nextInt(100) + "'";
            case 9 -> "INSERT INTO nokey VALUES (" + r.nextInt(20) + ", " + name + ", " + (r.nextInt(100) + 0.5) + ")";
            case 10 -> "UPDATE nokey SET y = 'upd' WHERE x = " + r.nextInt(20) + " LIMIT 1";
            case 11 -> "INSERT INTO autoinc (payload, t) VALUES ('p" + r.nextInt() + "', " + (r.nextBoolean() ? "NULL" : "NOW(6)") + ")";
            default -> "DELETE FROM nokey WHERE x = " + r.nextInt(20) + " LIMIT 1";
        };
    }
}
