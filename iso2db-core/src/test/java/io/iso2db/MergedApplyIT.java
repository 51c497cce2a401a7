package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes to tables whose rows are independent go out as their net effect per key, a few
 * multi-row statements per table; tables where order matters (a second unique key, a trigger)
 * keep one statement per change; a drifted row is still caught.
 */
class MergedApplyIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static ReplicatorBuilder replicator(String db, int serverId) {
        return Replicator.builder().name(db).serverId(serverId).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    private static long status(DbServer s, String name) {
        return Long.parseLong(s.query("SHOW GLOBAL STATUS LIKE '" + name + "'").get(0).get(1));
    }

    /**
     * Many rows changed at once are found by one row-constructor IN list (images without NULL) plus a
     * condition each (images with NULL): every type's before image must match there, or the
     * transaction would fall back to statement-by-statement replay (seen as UPDATE/DELETE statements).
     */
    @Test
    void manyRowsOfEveryTypeAreFoundByTheirBeforeImagesInOneStatement() {
        String db = SOURCE.server().newDatabase("merged_types");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, i BIGINT, u INT UNSIGNED,"
                + " d DECIMAL(20,6), f FLOAT, g DOUBLE, dt DATETIME(6), ts TIMESTAMP(3) NULL, da DATE, tm TIME(2),"
                + " y YEAR, vc VARCHAR(30) CHARACTER SET utf8mb4, ch CHAR(5), lt VARCHAR(10) CHARACTER SET latin1,"
                + " bn BINARY(4), vb VARBINARY(10), bl BLOB, tx TEXT, e ENUM('a','b'), st SET('x','y'), bt BIT(5),"
                + " j JSON)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = replicator(db, 1305).compareBeforeImage(true).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t SELECT seq, seq * 1000000007, seq * 3, seq / 7, seq / 3,"
                    + " seq / 9, '2024-02-29 23:59:59.123456' + INTERVAL seq SECOND,"
                    + " IF(seq % 3 = 0, NULL, '2001-01-01 00:00:00.5' + INTERVAL seq MINUTE), '1999-12-31' + INTERVAL seq DAY,"
                    + " SEC_TO_TIME(seq * 37.25), 1901 + seq % 200, CONCAT('ü€😀 ', seq), IF(seq % 4 = 0, NULL, 'ab '),"
                    + " CONCAT('é', seq), UNHEX(LPAD(HEX(seq), 8, '0')), UNHEX(HEX(seq)), REPEAT(UNHEX('00FF'), seq),"
                    + " REPEAT('t', seq), IF(seq % 2 = 0, 'a', 'b'), 'x,y', b'10101', JSON_OBJECT('n', seq)"
                    + " FROM " + db + ".seq_1_to_300");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            long updates = status(TARGET.server(), "Com_update");
            long deletes = status(TARGET.server(), "Com_delete");
            SOURCE.server().execute("UPDATE " + db + ".t SET i = i + 1");
            SOURCE.server().execute("DELETE FROM " + db + ".t WHERE id % 2 = 0");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
            assertThat(status(TARGET.server(), "Com_update") - updates).as("UPDATE statements on the target").isZero();
            assertThat(status(TARGET.server(), "Com_delete") - deletes).as("DELETE statements on the target")
                    .isLessThanOrEqualTo(2);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void repeatedChangesToTheSameKeysArriveAsTheirNetEffect() {
        String db = SOURCE.server().newDatabase("merged");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(40), KEY (k))",
                "CREATE TABLE " + db + ".w (a INT NOT NULL, b VARCHAR(8) NOT NULL, v TEXT, PRIMARY KEY (a, b))");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = replicator(db, 1301).groupCommit(100, Duration.ofMillis(50)).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(30));
            long updatesBefore = status(TARGET.server(), "Com_update");
            Random random = new Random(7);
            int sourceUpdates = 0;
            for (int txn = 0; txn < 300; txn++) {
                List<String> sql = new ArrayList<>(List.of("BEGIN"));
                for (int i = 0; i < 6; i++) {
                    int id = random.nextInt(200);
                    String t = db + ".t";
                    switch (random.nextInt(6)) {
                        case 0 -> sql.add("INSERT IGNORE INTO " + t + " VALUES (" + id + ", " + i + ", 'new " + txn + "')");
                        case 1 -> sql.add("DELETE FROM " + t + " WHERE id = " + id);
                        case 2 -> sql.add("UPDATE IGNORE " + t + " SET id = id + 200 WHERE id = " + id);   // key changes
                        case 3 -> sql.add("REPLACE INTO " + t + " VALUES (" + id + ", 1, NULL)");
                        default -> {
                            sql.add("UPDATE " + t + " SET k = k + 1, c = CONCAT(IFNULL(c, ''), 'x') WHERE id BETWEEN "
                                    + id + " AND " + (id + 3));
                            sourceUpdates++;
                        }
                    }
                    sql.add("INSERT INTO " + db + ".w VALUES (" + (id % 7) + ", 'k" + (id % 3) + "', REPEAT('v', " + id
                            + ")) ON DUPLICATE KEY UPDATE v = CONCAT(v, 'y')");
                }
                sql.add("COMMIT");
                SOURCE.server().execute(sql.toArray(String[]::new));
            }
            SOURCE.server().execute("DELETE FROM " + db + ".t WHERE id % 5 = 0");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
            // the source's hundreds of UPDATE statements reached the target as multi-row inserts-or-updates
            assertThat(status(TARGET.server(), "Com_update") - updatesBefore).isLessThan(sourceUpdates / 4);
        }
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".t")).isNotEqualTo("0");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void withBeforeImagesComparedADriftedRowAmongMergedUpdatesStopsTheTaskAndAppliesNoneOfThem() throws Exception {
        String db = SOURCE.server().newDatabase("merged_drift");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = replicator(db, 1302).compareBeforeImage(true).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a'), (5, 'a')");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            TARGET.server().execute("UPDATE " + db + ".t SET v = 'drift' WHERE id = 4");
            SOURCE.server().execute("UPDATE " + db + ".t SET v = 'b'");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(e.getMessage()).contains("id=4").contains("drift");
        }
        assertThat(TARGET.server().query("SELECT v FROM " + db + ".t ORDER BY id"))
                .containsExactly(List.of("a"), List.of("a"), List.of("a"), List.of("drift"), List.of("a"));
    }

    @Test
    void aSecondUniqueKeyKeepsTheSourcesStatementOrder() {
        String db = SOURCE.server().newDatabase("merged_unique");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, u INT NOT NULL, UNIQUE KEY (u))",
                "INSERT INTO " + db + ".t VALUES (1, 1), (2, 2), (3, 3)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (1, 1), (2, 2), (3, 3)");
        try (Replicator r = replicator(db, 1303).groupCommit(100, Duration.ofMillis(200)).build()) {
            r.start();
            for (int round = 0; round < 20; round++) {
                // rotate the unique values: only the source's order avoids a duplicate at every step
                SOURCE.server().execute("BEGIN", "UPDATE " + db + ".t SET u = 0 WHERE id = 1",
                        "UPDATE " + db + ".t SET u = u - 1 WHERE id IN (2, 3) ORDER BY id",
                        "UPDATE " + db + ".t SET u = 3 WHERE id = 1", "COMMIT",
                        "UPDATE " + db + ".t SET u = CASE id WHEN 1 THEN 10 WHEN 2 THEN 20 ELSE 30 END",
                        "UPDATE " + db + ".t SET u = id");
            }
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void aTriggerOnTheTargetSeesEveryChangeOfARow() {
        String db = SOURCE.server().newDatabase("merged_trigger");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        TARGET.server().execute("CREATE TABLE " + db + ".audit (n INT AUTO_INCREMENT PRIMARY KEY, id INT, v INT)",
                "CREATE TRIGGER " + db + ".t_audit AFTER UPDATE ON " + db + ".t FOR EACH ROW"
                        + " INSERT INTO " + db + ".audit (id, v) VALUES (NEW.id, NEW.v)");
        try (Replicator r = replicator(db, 1304).tables(db + ".t").groupCommit(100, Duration.ofMillis(200)).build()) {
            r.start();
            SOURCE.server().execute("BEGIN", "INSERT INTO " + db + ".t VALUES (1, 0)", "UPDATE " + db + ".t SET v = 1",
                    "UPDATE " + db + ".t SET v = 2", "UPDATE " + db + ".t SET v = 3", "COMMIT");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().query("SELECT v FROM " + db + ".audit ORDER BY n"))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"));
    }
}
