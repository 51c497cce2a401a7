package io.iso2db.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.testkit.DbServer;

/** Test tables of every kind an export must chunk (or not), and connection helpers. */
final class ExportTables {

    static final String[] KINDS = {"autoinc", "composite", "uniq", "idx", "noindex", "empty", "types"};

    private ExportTables() {
    }

    static ConnectionSettings admin(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    static ConnectionSettings replication(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.replicationUser(), s.replicationPassword());
    }

    /** A global status counter of the server. */
    static long status(DbServer s, String name) {
        return Long.parseLong(s.query("SHOW GLOBAL STATUS LIKE '" + name + "'").get(0).get(1));
    }

    /** Creates and fills the tables; {@code rows} per keyed table. */
    static void create(DbServer s, String db, int rows) {
        s.execute("USE " + db,
                // auto-increment with a huge gap and a dense run after it
                "CREATE TABLE autoinc (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(30), t DATETIME(6))",
                "INSERT INTO autoinc (v, t) SELECT CONCAT('v', seq), '2024-01-01 00:00:00.123456' + INTERVAL seq SECOND"
                        + " FROM seq_1_to_" + rows,
                "INSERT INTO autoinc (id, v) VALUES (1000000000000, 'far')",
                "INSERT INTO autoinc (v) SELECT CONCAT('after', seq) FROM seq_1_to_" + (rows / 10),
                // composite key with a case-insensitive string part and skew on the first part
                "CREATE TABLE composite (a INT NOT NULL, b VARCHAR(20) NOT NULL, n INT, PRIMARY KEY (a, b))"
                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
                "INSERT INTO composite SELECT IF(seq % 10 = 0, seq, 7), CONCAT(IF(seq % 2 = 0, 'K', 'k'), seq, 'ü'), seq"
                        + " FROM seq_1_to_" + rows,
                "CREATE TABLE uniq (code VARCHAR(20) NOT NULL, n INT, UNIQUE KEY (code))",
                "INSERT INTO uniq SELECT CONCAT('c', LPAD(seq * seq, 12, '0')), seq FROM seq_1_to_" + rows,
                "CREATE TABLE idx (k INT NOT NULL, v BLOB, KEY (k))",
                "INSERT INTO idx SELECT seq % 37, RANDOM_BYTES(20) FROM seq_1_to_" + rows,
                "CREATE TABLE noindex (x INT, y VARCHAR(10))",
                "INSERT INTO noindex SELECT seq, IF(seq % 3 = 0, NULL, 'y') FROM seq_1_to_" + (rows / 2),
                "CREATE TABLE empty (id INT PRIMARY KEY)",
                "CREATE TABLE types (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, bu BIGINT UNSIGNED, bs BIGINT,"
                        + " d DECIMAL(30,10), f FLOAT, db DOUBLE, b BIT(13), dt DATE, dtm DATETIME(3), ts TIMESTAMP(6) NULL,"
                        + " tm TIME(2), y YEAR, c CHAR(5), vc VARCHAR(50) CHARACTER SET utf8mb4, l1 VARCHAR(10) CHARACTER SET latin1,"
                        + " bn BINARY(4), vb VARBINARY(10), bl BLOB, tx TEXT, e ENUM('a','b','c'), st SET('x','y','z'),"
                        + " js JSON, u UUID, i6 INET6, g POINT, gen INT AS (id * 2) VIRTUAL)",
                "INSERT INTO types (id, ti, tu, bu, bs, d, f, db, b, dt, dtm, ts, tm, y, c, vc, l1, bn, vb, bl, tx, e, st, js,"
                        + " u, i6, g) VALUES"
                        + " (1, -128, 255, 18446744073709551615, -9223372036854775808, -12345678901234567890.0123456789,"
                        + " 3.40282e38, 1.7976931348623157e308, b'1010101010101', '0000-00-00', '1000-01-01 00:00:00.001',"
                        + " '1970-01-01 00:00:01', '-838:59:59.99', 0, 'a''b\\\\', '😀 emoji', 'caf\\xe9', X'00000001', X'00',"
                        + " X'FF00FF', 'text', 'c', 'x,z', '{\"k\": [1, 2.5, null]}', '123e4567-e89b-12d3-a456-426614174000',"
                        + " '2001:db8::1', ST_GeomFromText('POINT(1 2)')),"
                        + " (2, NULL, NULL, NULL, NULL, NULL, 1.17549435e-38, 0.1, b'0', '2024-02-29', '9999-12-31 23:59:59.999',"
                        + " NULL, '00:00:00', 2155, '', '', '', X'', X'', X'', '', NULL, '', NULL, NULL, NULL, NULL),"
                        + " (3, 0, 0, 0, 0, 0, 1.1, 0.30000000000000004, NULL, '2024-00-10', '2024-01-00 10:00:00', NULL,"
                        + " '12:34:56.78', 1901, 'z', 'ä\\tb\\nc', 'x', X'01020304', X'0A', REPEAT(X'AB', 60000), REPEAT('t', 60000),"
                        + " 'a', 'x,y,z', '[]', '00000000-0000-0000-0000-000000000000', '::', ST_GeomFromText('POINT(0 0)'))");
    }
}
