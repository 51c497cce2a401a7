package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each preflight error: the right code, and a message naming the object and the fix. */
class PreflightIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static ReplicatorBuilder task(MariaDbServer source, String db) {
        return Replicator.builder().name("preflight").serverId(301).source(Servers.replication(source))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    private static Iso2dbException startFails(ReplicatorBuilder b) {
        Replicator r = b.build();
        try {
            r.start();
        } catch (Iso2dbException e) {
            return e;
        } finally {
            r.close();
        }
        throw new AssertionError("start() did not fail");
    }

    private String emptyDbOnBoth(String prefix) {
        String db = SOURCE.server().newDatabase(prefix);
        TARGET.server().execute("CREATE DATABASE IF NOT EXISTS " + db);
        return db;
    }

    @Test
    void refusesSourceWithoutBinlog() {
        try (MariaDbServer noBinlog = MariaDbServer.builder().serverId(9).logBin(false).start()) {
            String db = noBinlog.newDatabase("nobinlog");
            Iso2dbException e = startFails(task(noBinlog, db));
            assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_DISABLED);
            assertThat(e.getMessage()).contains(String.valueOf(noBinlog.port())).contains("log_bin");
        }
    }

    @Test
    void refusesStatementFormatAndMinimalImage() {
        try (MariaDbServer stmt = MariaDbServer.builder().serverId(9).binlogFormat("MIXED").start()) {
            Iso2dbException e = startFails(task(stmt, stmt.newDatabase("mixed")));
            assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_FORMAT_NOT_ROW);
            assertThat(e.getMessage()).contains("MIXED").contains("binlog_format=ROW");
        }
        try (MariaDbServer minimal = MariaDbServer.builder().serverId(9).binlogRowImage("MINIMAL").start()) {
            Iso2dbException e = startFails(task(minimal, minimal.newDatabase("minimal")));
            assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_ROW_IMAGE_NOT_FULL);
            assertThat(e.getMessage()).contains("MINIMAL").contains("binlog_row_image=FULL");
        }
    }

    @Test
    void refusesPurgedBinlogFileNamingTheOldestAvailable() {
        String db = emptyDbOnBoth("purged");
        SOURCE.server().execute("FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
        String newest = SOURCE.server().query("SHOW MASTER STATUS").get(0).get(0);
        SOURCE.server().execute("PURGE BINARY LOGS TO '" + newest + "'");
        String oldest = SOURCE.server().query("SHOW BINARY LOGS").get(0).get(0);
        assertThat(oldest).isNotEqualTo("mysql-bin.000001");
        Iso2dbException e = startFails(task(SOURCE.server(), db).startAt(Position.file("mysql-bin.000001", 4)));
        assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_PURGED);
        assertThat(e.getMessage()).contains("mysql-bin.000001").contains("oldest available position is " + oldest + ":4");
    }

    /** Reconnecting cannot cure a position that is not an event boundary: the task fails with its code, it does not retry forever. */
    @Test
    void anOffsetInsideAnEventFailsTheTaskInsteadOfRetrying() throws Exception {
        String db = emptyDbOnBoth("mid_event");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
        TARGET.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        List<String> status = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        Replicator r = task(SOURCE.server(), db).startAt(Position.file(status.get(0), Long.parseLong(status.get(1)) - 7))
                .build();
        try {
            r.start();
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.POSITION_MISMATCH);
            assertThat(e.getMessage()).contains(status.get(0)).contains("event boundary");
        } catch (Iso2dbException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.POSITION_MISMATCH);
            assertThat(e.getMessage()).contains(status.get(0)).contains("event boundary");
        } finally {
            r.close();
        }
    }

    @Test
    void refusesPurgedGtid() {
        String db = emptyDbOnBoth("purged_gtid");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)",
                "FLUSH BINARY LOGS");
        String newest = SOURCE.server().query("SHOW MASTER STATUS").get(0).get(0);
        SOURCE.server().execute("PURGE BINARY LOGS TO '" + newest + "'");
        TARGET.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        String oldest = SOURCE.server().query("SHOW BINARY LOGS").get(0).get(0);
        Iso2dbException e = startFails(task(SOURCE.server(), db).startAt(Position.gtid("0-1-1")).useGtid(true));
        assertThat(e.code()).isEqualTo(ErrorCode.BINLOG_PURGED);
        assertThat(e.getMessage()).contains("0-1-1").contains(oldest);
    }

    @Test
    void refusesGtidOfTheWrongFlavor() {
        String db = emptyDbOnBoth("flavor");
        Iso2dbException e = startFails(task(SOURCE.server(), db)
                .startAt(Position.gtid("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")).useGtid(true));
        assertThat(e.code()).isEqualTo(ErrorCode.POSITION_MISMATCH);
        assertThat(e.getMessage()).contains("MariaDB (domain-server-sequence)");
    }

    @Test
    void namesTheMissingReplicationGrant() {
        String db = emptyDbOnBoth("grants");
        SOURCE.server().execute("CREATE USER IF NOT EXISTS 'weak'@'%' IDENTIFIED BY 'weak-pw'",
                "GRANT SELECT, REPLICATION CLIENT ON *.* TO 'weak'@'%'");
        Iso2dbException e = startFails(task(SOURCE.server(), db).source(
                ConnectionSettings.of(SOURCE.server().host(), SOURCE.server().port(), "weak", "weak-pw")));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PRIVILEGE);
        assertThat(e.getMessage()).contains("REPLICATION SLAVE").contains("weak@");
    }

    @Test
    void refusesTheSourcesOwnServerIdAndADuplicateReplica() throws Exception {
        String db = emptyDbOnBoth("serverid");
        Iso2dbException own = startFails(task(SOURCE.server(), db).serverId(1));
        assertThat(own.code()).isEqualTo(ErrorCode.DUPLICATE_SERVER_ID);
        assertThat(own.getMessage()).contains("server_id 1");
        try (Replicator first = task(SOURCE.server(), db).serverId(777).build()) {
            first.start();
            Iso2dbException dup = startFails(task(SOURCE.server(), db).serverId(777));
            assertThat(dup.code()).isEqualTo(ErrorCode.DUPLICATE_SERVER_ID);
            assertThat(dup.getMessage()).contains("server_id 777").contains("Another iso2db task");
            assertThat(first.failure()).isNull();
        }
    }

    @Test
    void namesTheMissingTargetTableAndTheMismatchedColumn() {
        String db = emptyDbOnBoth("target_tables");
        SOURCE.server().execute("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, total INT)",
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, amount INT)");
        Iso2dbException mismatch = startFails(task(SOURCE.server(), db)
                .checkpointStore(io.iso2db.CheckpointStores.inTarget("iso2db_untouched")));
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = 'iso2db_untouched'")).as("a failed preflight writes nothing").isEqualTo("0");
        assertThat(mismatch.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(mismatch.getMessage()).contains(db + ".orders").contains("`total`").contains("`amount`");

        TARGET.server().execute("DROP TABLE " + db + ".orders", "CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, total INT)");
        Iso2dbException missing = startFails(task(SOURCE.server(), db));
        assertThat(missing.code()).isEqualTo(ErrorCode.TARGET_TABLE_MISSING);
        assertThat(missing.getMessage()).contains(db + ".items");
    }

    /**
     * A source's cascading foreign-key actions are not logged: the target must cascade the same way
     * itself, or its child rows silently stay. So the same key must be on the target, and its parent
     * table must be replicated.
     */
    @Test
    void aCascadingForeignKeyTheTargetLacksOrWhoseParentIsNotReplicatedIsNamedAtStart() {
        String db = SOURCE.server().newDatabase("cascade");
        String parent = "CREATE TABLE parent (id INT PRIMARY KEY, code INT, UNIQUE KEY (code))";
        String child = "CREATE TABLE child (id INT PRIMARY KEY, parent INT, code INT, KEY (parent), KEY (code),"
                + " CONSTRAINT to_parent FOREIGN KEY (parent) REFERENCES parent (id) ON DELETE CASCADE,"
                + " CONSTRAINT to_code FOREIGN KEY (code) REFERENCES parent (code) ON UPDATE SET NULL)";
        SOURCE.server().execute("USE " + db, parent, child);
        TARGET.server().execute("CREATE DATABASE " + db, "USE " + db, parent,
                "CREATE TABLE child (id INT PRIMARY KEY, parent INT, code INT, KEY (parent), KEY (code),"
                        + " CONSTRAINT fk_other_name FOREIGN KEY (parent) REFERENCES parent (id) ON DELETE CASCADE)");
        Iso2dbException e = startFails(task(SOURCE.server(), db));
        assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains(db + ".child").contains("to_code").contains("ON UPDATE SET NULL")
                .doesNotContain("to_parent").contains("not logged");

        TARGET.server().execute("USE " + db, "ALTER TABLE child ADD CONSTRAINT fk_code FOREIGN KEY (code)"
                + " REFERENCES parent (code) ON UPDATE SET NULL");
        try (Replicator r = task(SOURCE.server(), db).build()) {
            r.start();   // the same actions under other names: fine
        }
        Iso2dbException parentLeftOut = startFails(task(SOURCE.server(), db).excludeTables("parent"));
        assertThat(parentLeftOut.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(parentLeftOut.getMessage()).contains("to_parent").contains(db + ".parent").contains("not replicated");
    }

    @Test
    void badPasswordAndUnknownHostFailWithoutPrintingThePassword() {
        String db = emptyDbOnBoth("auth");
        String secret = "Very-Secret-42";
        Iso2dbException auth = startFails(task(SOURCE.server(), db).source(
                ConnectionSettings.of(SOURCE.server().host(), SOURCE.server().port(), "iso2db_repl", secret)));
        assertThat(auth.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(auth.getMessage()).contains("iso2db_repl@").doesNotContain(secret);

        Iso2dbException host = startFails(task(SOURCE.server(), db).source(
                ConnectionSettings.of("no-such-host.invalid", 3306, "u", secret)));
        assertThat(host.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
        assertThat(host.getMessage()).contains("no-such-host.invalid").doesNotContain(secret);
    }

    @Test
    void builderRejectsMissingDatabasesAndContradictoryStarts() {
        assertThatThrownBy(() -> Replicator.builder().name("x").serverId(5).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).build())
                .isInstanceOf(Iso2dbException.class).hasMessageContaining("databases")
                .extracting(e -> ((Iso2dbException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThatThrownBy(() -> task(SOURCE.server(), "d").resume().startAt(Position.file("mysql-bin.000001", 4)).build())
                .isInstanceOf(Iso2dbException.class).hasMessageContaining("exclude each other");
    }

    @Test
    void aMisspelledDatabaseIsRefusedAtStartNamingTheCloseMatch() {
        String db = SOURCE.server().newDatabase("shop");
        String typo = db.replace("shop", "shpo");
        Iso2dbException e = startFails(task(SOURCE.server(), typo));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).contains("[" + typo + "]").contains("did you mean " + typo + " → " + db);
    }

    @Test
    void aTableNameThatMatchesNothingIsRefusedAtStart() {
        String db = emptyDbOnBoth("typo_table");
        SOURCE.server().execute("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE TABLE " + db + ".orders (id INT PRIMARY KEY)");
        Iso2dbException e = startFails(task(SOURCE.server(), db).tables("orders", "ordres", "audit_*"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).contains("[ordres]").doesNotContain("audit_*");
    }

    @Test
    void anApplyUserThatMayNotTurnOffTheTargetBinlogIsRefusedAtStart() {
        String db = emptyDbOnBoth("no_binlog_admin");
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "CREATE USER IF NOT EXISTS 'applier'@'%' IDENTIFIED BY 'applier-pw'",
                "GRANT ALL PRIVILEGES ON `" + db + "`.* TO 'applier'@'%'", "GRANT ALL PRIVILEGES ON iso2db.* TO 'applier'@'%'",
                "GRANT SELECT ON *.* TO 'applier'@'%'");
        Iso2dbException e = startFails(task(SOURCE.server(), db).target(ConnectionSettings.of(TARGET.server().host(),
                TARGET.server().port(), "applier", "applier-pw")));
        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PRIVILEGE);
        assertThat(e.getMessage()).contains("applier@").contains("BINLOG ADMIN").contains("targetBinlog(true)")
                .doesNotContain("applier-pw");
    }

    @Test
    void resumeWithoutStoredPositionFails() {
        String db = emptyDbOnBoth("resume_none");
        Iso2dbException e = startFails(task(SOURCE.server(), db).resume());
        assertThat(e.code()).isEqualTo(ErrorCode.NO_STORED_POSITION);
        assertThat(e.getMessage()).contains("preflight").contains("server_id 301");
    }
}
