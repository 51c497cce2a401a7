package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Views, triggers, stored routines and events replicate; a trigger acts once (on the source: its
 * effects arrive as rows) and never again for applied rows, yet acts for the target's own sessions.
 */
class SchemaObjectsIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static String schema(String prefix) {
        DbServer s = SOURCE.server();
        String db = s.newDatabase(prefix);
        s.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE `" + db + "`.audit (n INT AUTO_INCREMENT PRIMARY KEY, id INT, what VARCHAR(10))");
        Servers.copySchema(s, TARGET.server(), db);
        return db;
    }

    private static Replicator start(String db, int serverId) {
        Replicator r = Replicator.builder().name("objects-" + db).serverId(serverId)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db).build();
        r.start();
        return r;
    }

    @Test
    void viewsRoutinesAndEventsReplicateAndEventsStayDisabledOnTheTarget() throws Exception {
        String db = schema("objects");
        DbServer s = SOURCE.server();
        try (Replicator r = start(db, 901)) {
            s.execute("USE `" + db + "`",
                    "CREATE VIEW v AS SELECT id, v * 2 AS twice FROM t",
                    "CREATE PROCEDURE bump(IN k INT) UPDATE t SET v = v + 1 WHERE id = k",
                    "CREATE FUNCTION plus_one(x INT) RETURNS INT DETERMINISTIC RETURN x + 1",
                    "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit",
                    "INSERT INTO t VALUES (1, 10)",
                    "CREATE OR REPLACE VIEW v AS SELECT id, v * 3 AS thrice FROM t",
                    "CREATE PROCEDURE gone() SELECT 1", "DROP PROCEDURE gone");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        DbServer t = TARGET.server();
        assertThat(t.query("SELECT id, thrice FROM `" + db + "`.v")).containsExactly(List.of("1", "30"));
        assertThat(t.queryValue("SELECT `" + db + "`.plus_one(41)")).isEqualTo("42");
        assertThat(t.query("SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + db
                + "' ORDER BY 1")).containsExactly(List.of("bump"), List.of("plus_one"));
        assertThat(t.queryValue("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db + "'"))
                .isEqualTo("SLAVESIDE_DISABLED");
        TableComparator.assertIdentical(s, t, db);
    }

    @Test
    void oracleModePackagesReplicateWithTheirBodies() {
        String db = schema("packages");
        DbServer s = SOURCE.server();
        try (Replicator r = start(db, 905)) {
            s.execute("USE `" + db + "`", "SET sql_mode = ORACLE",
                    "CREATE PACKAGE counter AS FUNCTION next_value RETURN INT; END",
                    "CREATE PACKAGE BODY counter AS FUNCTION next_value RETURN INT AS BEGIN RETURN 42; END; END",
                    "CREATE PACKAGE gone AS FUNCTION f RETURN INT; END", "DROP PACKAGE gone",
                    "SET sql_mode = DEFAULT", "INSERT INTO t VALUES (1, 1)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        String routines = "SELECT GROUP_CONCAT(ROUTINE_NAME, ' ', ROUTINE_TYPE ORDER BY ROUTINE_TYPE) FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + db + "'";
        assertThat(TARGET.server().queryValue(routines)).isEqualTo("counter PACKAGE,counter PACKAGE BODY");
        assertThat(TARGET.server().queryValue("SELECT `" + db + "`.counter.next_value()")).isEqualTo("42");
    }

    @Test
    void aReplicatedTriggerActsOnceForReplicatedRowsAndStillActsForTheTargetsOwnSessions() throws Exception {
        String db = schema("triggers");
        DbServer s = SOURCE.server();
        try (Replicator r = start(db, 902)) {
            s.execute("USE `" + db + "`",
                    "CREATE TRIGGER t_log AFTER INSERT ON t FOR EACH ROW INSERT INTO audit (id, what) VALUES (NEW.id, 'insert')",
                    "CREATE TRIGGER t_double BEFORE UPDATE ON t FOR EACH ROW BEGIN SET NEW.v = NEW.v * 2; END",
                    "INSERT INTO t VALUES (1, 1), (2, 2)", "UPDATE t SET v = 5 WHERE id = 1");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        DbServer t = TARGET.server();
        TableComparator.assertIdentical(s, t, db);
        assertThat(t.query("SELECT id, v FROM `" + db + "`.t ORDER BY id")).containsExactly(List.of("1", "10"), List.of("2", "2"));
        assertThat(t.queryValue("SELECT COUNT(*) FROM `" + db + "`.audit")).isEqualTo("2");
        // an application writing the target directly (after a switch-over) has its triggers
        t.execute("INSERT INTO `" + db + "`.t VALUES (3, 3)", "UPDATE `" + db + "`.t SET v = 4 WHERE id = 3");
        assertThat(t.queryValue("SELECT COUNT(*) FROM `" + db + "`.audit")).isEqualTo("3");
        assertThat(t.queryValue("SELECT v FROM `" + db + "`.t WHERE id = 3")).isEqualTo("8");
    }

    @Test
    void anExistingTargetTriggerThatWouldActAgainIsNamedBeforeAnythingIsApplied() {
        String db = schema("target_trigger");
        TARGET.server().execute("CREATE TRIGGER `" + db + "`.t_copy AFTER INSERT ON `" + db + "`.t FOR EACH ROW"
                + " INSERT INTO `" + db + "`.audit (id, what) VALUES (NEW.id, 'copy')");
        Replicator r = Replicator.builder().name("objects-trg").serverId(903).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).build();
        try (r) {
            assertThatThrownBy(r::start).isInstanceOfSatisfying(Iso2dbException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TARGET_TRIGGERS);
                assertThat(e.getMessage()).contains("`t_copy`").contains(db + ".t").contains("@iso2db_applying IS NULL");
            });
        }
    }

    @Test
    void droppingATriggerOfAFilteredTableDoesNotStopTheTask() throws Exception {
        String db = schema("drop_filtered");
        DbServer s = SOURCE.server();
        s.execute("CREATE TABLE `" + db + "`.local_only (id INT PRIMARY KEY)");
        try (Replicator r = Replicator.builder().name("objects-drop").serverId(904).source(Servers.replication(s))
                .target(Servers.admin(TARGET.server())).databases(db).excludeTables("local_only").build()) {
            r.start();
            s.execute("USE `" + db + "`", "CREATE TRIGGER lo AFTER INSERT ON local_only FOR EACH ROW SET @x = 1",
                    "DROP TRIGGER lo", "INSERT INTO t VALUES (7, 7)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("7"));
    }
}
