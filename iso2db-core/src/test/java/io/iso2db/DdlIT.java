package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DdlIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private Replicator start(String db, String... more) {
        Replicator r = Replicator.builder().name(db).serverId(501).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).databases(more).build();
        r.start();
        return r;
    }

    @Test
    void tableDdlFollowsInterleavedWithRows() {
        String db = SOURCE.server().newDatabase("ddl_follow");
        TARGET.server().execute("CREATE DATABASE " + db);
        try (Replicator r = start(db)) {
            SOURCE.server().execute("USE " + db,
                    "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10))",
                    "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
                    "ALTER TABLE t ADD COLUMN b INT DEFAULT 7 AFTER id",
                    "INSERT INTO t VALUES (3, 8, 'z')",
                    "ALTER TABLE t MODIFY a VARCHAR(50), ADD INDEX (a)",
                    "/* a comment */ ALTER TABLE `t` CHANGE `a` `renamed` VARCHAR(50)",
                    "ALTER /* a comment between its words */ TABLE t ADD COLUMN between_words INT DEFAULT 3",
                    "UPDATE t SET renamed = 'updated' WHERE id = 1",
                    "CREATE TABLE `odd name` (`select` INT PRIMARY KEY, `ü` TEXT)",
                    "INSERT INTO `odd name` VALUES (1, 'ok')",
                    "CREATE TABLE gone (id INT)",
                    "DROP TABLE gone",
                    "CREATE TABLE trunc (id INT PRIMARY KEY)",
                    "INSERT INTO trunc VALUES (1), (2)",
                    "TRUNCATE TABLE trunc",
                    "INSERT INTO trunc VALUES (3)",
                    "CREATE TABLE old_name (id INT PRIMARY KEY)",
                    "RENAME TABLE old_name TO new_name",
                    "INSERT INTO new_name VALUES (5)",
                    "CREATE INDEX idx_b ON t (b)",
                    "DROP INDEX idx_b ON t");
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT renamed FROM " + db + ".t WHERE id = 1")).isEqualTo("updated");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME IN ('gone', 'old_name')")).isEqualTo("0");
    }

    @Test
    void everyCommonAlterKindOddIdentifiersAndRoutinesReplicate() {
        String db = SOURCE.server().newDatabase("ddl_kinds");
        TARGET.server().execute("CREATE DATABASE " + db);
        try (Replicator r = start(db)) {
            SOURCE.server().execute("USE " + db,
                    "CREATE TABLE `select` (`id` INT PRIMARY KEY, `from` VARCHAR(10), `with space` INT, `ümlaut` TEXT)",
                    "INSERT INTO `select` VALUES (1, 'a', 2, 'ü'), (2, 'b', 3, 'ö')",
                    "ALTER TABLE `select` ADD COLUMN extra DATETIME(3) DEFAULT '2020-01-01 00:00:00.000' FIRST",
                    "ALTER TABLE `select` DROP COLUMN `with space`",
                    "ALTER TABLE `select` MODIFY `from` VARCHAR(40) NOT NULL DEFAULT ''",
                    "ALTER TABLE `select` RENAME COLUMN `from` TO `to`",
                    "ALTER TABLE `select` ADD INDEX idx_to (`to`), ADD UNIQUE KEY uq (`to`, id)",
                    "ALTER TABLE `select` DROP INDEX idx_to",
                    "ALTER TABLE `select` CONVERT TO CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                    "INSERT INTO `select` (id, `to`, `ümlaut`) VALUES (3, 'c', 'é')",
                    "CREATE TABLE parts (id INT PRIMARY KEY, v INT) PARTITION BY HASH (id) PARTITIONS 4",
                    "INSERT INTO parts VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)",
                    "ALTER TABLE parts REMOVE PARTITIONING",
                    "UPDATE parts SET v = v * 10",
                    "CREATE PROCEDURE bump() BEGIN UPDATE parts SET v = v + 1; END",
                    "CALL bump()",
                    "/* leading comment */ CREATE TABLE `with invisible` (id INT PRIMARY KEY, secret INT INVISIBLE DEFAULT 5, v INT)",
                    "INSERT INTO `with invisible` (id, secret, v) VALUES (1, 9, 1), (2, DEFAULT, 2)",
                    "UPDATE `with invisible` SET secret = secret + 1",
                    "CREATE TABLE `日本` (`列` VARCHAR(5) PRIMARY KEY)",
                    "INSERT INTO `日本` VALUES ('値')");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME = 'select' AND COLUMN_NAME = 'to'")).isEqualTo("latin1");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '"
                + db + "'")).as("the procedure replicated").isEqualTo("1");
    }

    @Test
    void ddlOfOtherDatabasesIsIgnoredAndCreateDatabaseFollows() {
        String db = SOURCE.server().newDatabase("ddl_filter");
        String other = SOURCE.server().newDatabase("ddl_other");
        String created = "ddl_created_" + System.nanoTime() % 100000;
        TARGET.server().execute("CREATE DATABASE " + db);
        // a listed database the source does not have yet is refused when starting "from now" (a typo replicates
        // nothing); starting at a position says the stream ahead creates it
        var now = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        try (Replicator r = Replicator.builder().name(db).serverId(501).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db, created)
                .startAt(Position.file(now.get(0), Long.parseLong(now.get(1)))).build()) {
            r.start();
            SOURCE.server().execute("CREATE TABLE " + other + ".x (id INT)",
                    "CREATE TABLE " + db + ".y (id INT)",
                    "CREATE DATABASE " + created,
                    "CREATE TABLE " + created + ".z (id INT PRIMARY KEY)",
                    "INSERT INTO " + created + ".z VALUES (1)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + other + "'")).isEqualTo("0");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + created + ".z")).isEqualTo("1");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void ddlTheTargetRejectsStopsTheTaskNamingTheStatement() throws Exception {
        String db = SOURCE.server().newDatabase("ddl_reject");
        TARGET.server().execute("CREATE DATABASE " + db);
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "CREATE TABLE " + db + ".blocker (id INT, extra INT)");
        try (Replicator r = start(db)) {
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1)",
                    "CREATE TABLE " + db + ".blocker (id INT)",
                    "INSERT INTO " + db + ".t VALUES (2)");
            long deadline = System.currentTimeMillis() + 20_000;
            while (r.failure() == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(r.failure()).isNotNull();
            assertThat(r.failure().code()).isEqualTo(ErrorCode.DDL_FAILED);
            assertThat(r.failure().getMessage()).contains("CREATE TABLE " + db + ".blocker").contains("already exists");
        }
        assertThat(TARGET.server().query("SELECT id FROM " + db + ".t")).containsExactly(java.util.List.of("1"));
    }

    @Test
    void ddlInsideExecutableCommentsOrBehindSetStatementReplicates() {
        String db = SOURCE.server().newDatabase("ddl_wrapped");
        TARGET.server().execute("CREATE DATABASE " + db);
        try (Replicator r = start(db)) {
            // as dump files and tools write them: the server runs what an executable comment holds
            SOURCE.server().execute("USE " + db,
                    "/*!40101 CREATE TABLE t1 (id INT PRIMARY KEY) */",
                    "/*M!100100 CREATE TABLE t2 (id INT PRIMARY KEY) */",
                    "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 SQL SECURITY DEFINER */ /*!50001 VIEW v AS SELECT id FROM t1 */",
                    "SET STATEMENT max_statement_time=100 FOR ALTER TABLE t1 ADD COLUMN c VARCHAR(20) DEFAULT 'set statement'",
                    "INSERT INTO t1 VALUES (1, 'x')", "INSERT INTO t2 VALUES (2)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().query("SELECT * FROM " + db + ".v")).containsExactly(java.util.List.of("1"));
    }

    @Test
    void createOrReplaceDatabaseAndAlterDatabaseWithoutANameReachTheRoutedTarget() {
        String db = SOURCE.server().newDatabase("ddl_dbs");
        String to = db + "_to";
        SOURCE.server().execute("CREATE TABLE " + db + ".old (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE DATABASE " + to, "CREATE TABLE " + to + ".old (id INT PRIMARY KEY)");
        try (Replicator r = Replicator.builder().name(db).serverId(502).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).route(db, to).build()) {
            r.start();
            SOURCE.server().execute("CREATE OR REPLACE DATABASE " + db, "USE " + db,
                    "ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                    "CREATE TABLE fresh (id INT PRIMARY KEY, v VARCHAR(10))",   // takes the database's character set
                    "INSERT INTO fresh VALUES (1, 'é')");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        String tables = "SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s'";
        assertThat(TARGET.server().queryValue(String.format(tables, to))).isEqualTo("fresh");
        assertThat(TARGET.server().queryValue("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = '" + to + "'")).isEqualTo("latin1");
        assertThat(TARGET.server().query("SHOW CREATE TABLE " + to + ".fresh"))
                .isEqualTo(SOURCE.server().query("SHOW CREATE TABLE " + db + ".fresh"));
        var cmp = TableComparator.compare(SOURCE.server(), db, TARGET.server(), to, java.util.List.of("fresh"));
        assertThat(cmp.identical()).as(cmp.report()).isTrue();
    }

    @Test
    void droppingSeveralTablesDropsEachReplicatedOneUnderItsTargetNameAndNoOther() {
        String db = SOURCE.server().newDatabase("ddl_drops");
        String to = db + "_to";
        SOURCE.server().execute("USE " + db, "CREATE TABLE skipped (id INT)", "CREATE TABLE kept (id INT)",
                "CREATE TABLE moved (id INT)", "CREATE TABLE also_kept (id INT)", "CREATE TABLE survivor (id INT)");
        TARGET.server().execute("CREATE DATABASE " + to, "USE " + to, "CREATE TABLE skipped (id INT)",
                "CREATE TABLE kept (id INT)", "CREATE TABLE moved_here (id INT)", "CREATE TABLE also_kept (id INT)",
                "CREATE TABLE survivor (id INT)");
        try (Replicator r = Replicator.builder().name(db).serverId(503).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).excludeTables("skipped")
                .route(db, to).route(db + ".moved", to + ".moved_here").build()) {
            r.start();
            SOURCE.server().execute("USE " + db, "DROP TABLE skipped, kept, moved",
                    "DROP TABLE IF EXISTS " + db + ".also_kept, " + db + ".never_there",
                    "INSERT INTO survivor VALUES (1)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        // the excluded table stays: the target's copy of it is the user's own
        assertThat(TARGET.server().queryValue("SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA = '" + to + "'")).isEqualTo("skipped,survivor");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + to + ".survivor")).isEqualTo("1");
    }

    @Test
    void renamesMoveEachTableUnderItsTargetNameWhateverTheStatementQualifies() {
        String db = SOURCE.server().newDatabase("ddl_renames");
        String to = db + "_to";
        SOURCE.server().execute("USE " + db, "CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE c (id INT PRIMARY KEY)",
                "CREATE TABLE e (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE DATABASE " + to, "USE " + to, "CREATE TABLE a (id INT PRIMARY KEY)",
                "CREATE TABLE c_here (id INT PRIMARY KEY)", "CREATE TABLE e (id INT PRIMARY KEY)");
        try (Replicator r = Replicator.builder().name(db).serverId(504).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).route(db, to).route(db + ".c", to + ".c_here").build()) {
            r.start();
            SOURCE.server().execute("RENAME TABLE " + db + ".a TO " + db + ".b, " + db + ".c TO " + db + ".d",
                    "ALTER TABLE " + db + ".e ADD COLUMN v INT, RENAME TO " + db + ".f",
                    "INSERT INTO " + db + ".b VALUES (1)", "INSERT INTO " + db + ".d VALUES (2)", "INSERT INTO " + db + ".f VALUES (3, 3)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().queryValue("SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA = '" + to + "'")).isEqualTo("b,d,f");
        var cmp = TableComparator.compare(SOURCE.server(), db, TARGET.server(), to, java.util.List.of("b", "d", "f"));
        assertThat(cmp.identical()).as(cmp.report()).isTrue();
    }
}
