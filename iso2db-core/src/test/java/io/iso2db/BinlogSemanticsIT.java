package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Source-side features a native replica applies exactly: the target ends equal to the source,
 * or the task stops with an error that names the feature and the way out, before the event.
 */
class BinlogSemanticsIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static String schema(String prefix, String... ddl) {
        DbServer s = SOURCE.server();
        String db = s.newDatabase(prefix);
        for (String statement : ddl) {
            s.execute("USE `" + db + "`", statement);
        }
        Servers.copySchema(s, TARGET.server(), db);
        return db;
    }

    private static Replicator start(String db, int serverId, UnaryOperator<ReplicatorBuilder> more) {
        Replicator r = more.apply(Replicator.builder().name("semantics-" + db).serverId(serverId)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db)).build();
        r.start();
        return r;
    }

    /** Starts a task, runs {@code statements} on one source session, and waits until they are applied without a failure. */
    private static void replicatedOnOneSession(String db, int serverId, String... statements) throws Exception {
        try (Replicator r = start(db, serverId, b -> b)) {
            onOneSession(db, statements);
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
    }

    /** Runs statements on one source session (session variables hold between them). */
    private static void onOneSession(String db, String... statements) throws Exception {
        try (Connection c = SOURCE.server().connect(db); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /**
     * Routines, triggers and events keep the {@code sql_mode} of the session that created them and
     * run with it; on the target they keep the source's, as on a native replica.
     */
    @Test
    void routinesTriggersAndEventsKeepTheSqlModeTheSourceCreatedThemWith() throws Exception {
        String db = schema("object_modes", "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        replicatedOnOneSession(db, 520, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,ANSI_QUOTES'",
                "CREATE PROCEDURE p() SELECT 1 / 0",
                "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1",
                "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.v = NEW.v + 1",
                "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t WHERE id < 0");
        for (String modes : List.of("SELECT ROUTINE_NAME, SQL_MODE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '%s'"
                + " ORDER BY 1", "SELECT TRIGGER_NAME, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '%s'",
                "SELECT EVENT_NAME, SQL_MODE FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '%s'")) {
            List<List<String>> source = SOURCE.server().query(String.format(modes, db));
            assertThat(source).isNotEmpty();
            assertThat(TARGET.server().query(String.format(modes, db))).isEqualTo(source);
        }
    }

    /**
     * A table created by a session with {@code explicit_defaults_for_timestamp=0} (the default before
     * MariaDB 10.10) gets the old TIMESTAMP defaults on the target too: the setting travels in the event.
     */
    @Test
    void aTableCreatedWithoutExplicitTimestampDefaultsIsCreatedTheSameOnTheTarget() throws Exception {
        String db = schema("timestamp_defaults");
        replicatedOnOneSession(db, 519, "SET SESSION explicit_defaults_for_timestamp = 0",
                "CREATE TABLE old_style (id INT PRIMARY KEY, changed TIMESTAMP, created TIMESTAMP)",
                "SET SESSION explicit_defaults_for_timestamp = 1",
                "CREATE TABLE new_style (id INT PRIMARY KEY, changed TIMESTAMP)");
        for (String table : List.of("old_style", "new_style")) {
            assertThat(TARGET.server().query("SHOW CREATE TABLE `" + db + "`." + table).get(0).get(1)).as(table)
                    .isEqualTo(SOURCE.server().query("SHOW CREATE TABLE `" + db + "`." + table).get(0).get(1));
        }
    }

    /**
     * With {@code binlog_alter_two_phase} (MariaDB 10.8+) an ALTER is logged twice, each with the
     * statement: START ALTER when it begins, then COMMIT ALTER or ROLLBACK ALTER (flagged in the GTID
     * event). As on a native replica, the ALTER runs once, at its COMMIT ALTER; a rolled back one never.
     */
    @Test
    void aTwoPhaseAlterRunsOnceAtItsCommitAndARolledBackOneNever() throws Exception {
        String db = schema("alter_two_phase", "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        try (Replicator r = start(db, 517, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 1)");
            try (Connection c = SOURCE.server().connect(db); Statement st = c.createStatement()) {
                st.execute("SET SESSION binlog_alter_two_phase = 1");
                st.execute("ALTER TABLE t ADD COLUMN w INT DEFAULT 5");
                // a duplicate only the source holds: the unique key below fails there, the target would take it
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("INSERT INTO t VALUES (2, 1, 5)");
                st.execute("SET SESSION sql_log_bin = 1");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("ALTER TABLE t ADD UNIQUE KEY uv (v)"))
                        .hasMessageContaining("Duplicate");
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("DELETE FROM t WHERE id = 2");
                st.execute("SET SESSION sql_log_bin = 1");
                st.execute("INSERT INTO t VALUES (3, 3, 3)");
            }
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().query("SHOW CREATE TABLE `" + db + "`.t").get(0).get(1))
                .isEqualTo(SOURCE.server().query("SHOW CREATE TABLE `" + db + "`.t").get(0).get(1));
        assertThat(TARGET.server().query("SELECT id, v, w FROM `" + db + "`.t ORDER BY id"))
                .containsExactly(List.of("1", "1", "5"), List.of("3", "3", "3"));
    }

    /**
     * DDL written in a session whose {@code sql_mode} changes how SQL reads (ANSI: double quotes
     * around names, {@code ||} concatenates, REAL is FLOAT; NO_BACKSLASH_ESCAPES) means on the
     * target what it meant on the source, as on a native replica (the mode travels in the event).
     */
    @Test
    void ddlWrittenUnderAnsiOrNoBackslashEscapesModesMeansTheSameOnTheTarget() throws Exception {
        String db = schema("ansi_ddl");
        replicatedOnOneSession(db, 518, "SET SESSION sql_mode = 'ANSI'",
                "CREATE TABLE \"g\" (\"id\" INT PRIMARY KEY, a VARCHAR(5), b VARCHAR(5), r REAL,"
                        + " ab VARCHAR(10) AS (a || b) PERSISTENT)",
                "ALTER TABLE \"g\" ADD COLUMN x VARCHAR(5) DEFAULT 'q'",
                "CREATE VIEW \"v\" AS SELECT \"id\", a || '-' || b AS joined FROM \"g\"",
                "INSERT INTO \"g\" (\"id\", a, b, r) VALUES (1, 'ab', 'cd', 1.5)",
                "CREATE TABLE \"log\" (msg VARCHAR(20)) ENGINE=MyISAM",
                "START TRANSACTION", "INSERT INTO \"g\" (\"id\", a, b, r) VALUES (5, 'e', 'f', 5.5)",
                "SAVEPOINT \"before six\"", "INSERT INTO \"g\" (\"id\", a, b, r) VALUES (6, 'g', 'h', 6.5)",
                "INSERT INTO \"log\" VALUES ('kept')", "ROLLBACK TO SAVEPOINT \"before six\"", "COMMIT",
                "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'",
                "ALTER TABLE g ADD COLUMN s VARCHAR(5) DEFAULT 'a\\b'",
                "INSERT INTO g (id, a, b, r) VALUES (2, 'x', 'y', 2.5)");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        for (String object : List.of("TABLE `" + db + "`.g", "VIEW `" + db + "`.v")) {
            assertThat(TARGET.server().query("SHOW CREATE " + object).get(0).get(1)).as(object)
                    .isEqualTo(SOURCE.server().query("SHOW CREATE " + object).get(0).get(1));
        }
        assertThat(TARGET.server().query("SELECT joined FROM `" + db + "`.v ORDER BY id"))
                .containsExactly(List.of("ab-cd"), List.of("x-y"), List.of("e-f"));
    }

    @Test
    void aChangeLoggedAsAStatementStopsTheTaskBeforeItNamingTheStatement() throws Exception {
        String db = schema("stmt", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
        try (Replicator r = start(db, 501, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 'row')");
            r.awaitCaughtUp(CATCH_UP);
            onOneSession(db, "SET SESSION binlog_format = 'STATEMENT'", "INSERT INTO t VALUES (2, 'statement')",
                    "SET SESSION binlog_format = 'ROW'", "INSERT INTO t VALUES (3, 'row again')");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
            assertThat(e.getMessage()).contains("INSERT INTO t VALUES (2, 'statement')").contains(db)
                    .contains("0-1-").contains("binlog_format").contains("skipStatementLoggedChanges");
        }
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
    }

    @Test
    void aLoadDataLoggedAsAStatementStopsTheTaskBeforeItNamingTheStatement() throws Exception {
        String db = schema("stmt_load", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE staged (id INT PRIMARY KEY, v VARCHAR(20))");
        try (Replicator r = start(db, 503, b -> b.excludeTables("staged"))) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 'row')",
                    "INSERT INTO `" + db + "`.staged VALUES (2, 'loaded'), (3, 'loaded')");
            r.awaitCaughtUp(CATCH_UP);
            // the server logs the file's bytes and the LOAD DATA statement as events of their own
            onOneSession(db, "SELECT * FROM staged INTO OUTFILE 'staged.txt'", "SET SESSION binlog_format = 'STATEMENT'",
                    "LOAD DATA INFILE 'staged.txt' INTO TABLE t", "SET SESSION binlog_format = 'ROW'",
                    "INSERT INTO t VALUES (4, 'row again')");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
            assertThat(e.getMessage()).contains("LOAD DATA").contains("INTO TABLE `t`").contains(db).contains("binlog_format");
        }
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
    }

    @Test
    void aSourceThatCompressesItsBinlogReplicatesExactly() throws Exception {
        String db = schema("compressed", "CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
        try (Replicator r = start(db, 504, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 'before')");
            r.awaitCaughtUp(CATCH_UP);
            SOURCE.server().execute("SET GLOBAL log_bin_compress = ON");
            try {
                // events of at least log_bin_compress_min_len (256) bytes are written compressed
                onOneSession(db, "INSERT INTO t VALUES (2, REPEAT('compressed ', 100)), (3, REPEAT('x', 5000))",
                        "UPDATE t SET v = CONCAT(v, REPEAT('y', 300)) WHERE id IN (1, 2)", "DELETE FROM t WHERE id = 3",
                        "ALTER TABLE t ADD COLUMN w VARCHAR(400) DEFAULT 'a long enough statement to be compressed by"
                                + " the source: it holds more than the two hundred and fifty six bytes the server needs"
                                + " before it compresses an event, so it is written as a QUERY_COMPRESSED event which the"
                                + " binlog client does not know', ADD INDEX (w)",
                        "INSERT INTO t (id, v) VALUES (4, REPEAT('z', 1000))");
            } finally {
                SOURCE.server().execute("SET GLOBAL log_bin_compress = OFF");
            }
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        String file = SOURCE.server().query("SHOW MASTER STATUS").get(0).get(0);
        assertThat(SOURCE.server().query("SHOW BINLOG EVENTS IN '" + file + "'")).as("the source wrote compressed events")
                .extracting(e -> e.get(2)).contains("Query_compressed", "Write_rows_compressed_v1",
                        "Update_rows_compressed_v1", "Delete_rows_compressed_v1");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void aDatabaseCreatedWithoutACharacterSetTakesTheSourceSessionsServerCollation() throws Exception {
        String db = "charset_db_" + System.nanoTime() % 1_000_000;
        var now = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        try (Replicator r = Replicator.builder().name("semantics-" + db).serverId(505)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db)
                .startAt(Position.file(now.get(0), Long.parseLong(now.get(1)))).build()) {
            r.start();
            // as on a source whose server default is latin1 (MariaDB's before 11.6, with no config file)
            onOneSession("mysql", "SET SESSION collation_server = 'latin1_swedish_ci'", "CREATE DATABASE " + db,
                    "SET SESSION collation_server = DEFAULT", "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO " + db + ".t VALUES (1, 'café')");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        String charset = "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'";
        assertThat(TARGET.server().queryValue(charset)).isEqualTo("latin1_swedish_ci");
        assertThat(TARGET.server().query("SHOW CREATE TABLE " + db + ".t")).isEqualTo(SOURCE.server().query("SHOW CREATE TABLE " + db + ".t"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void ddlWithTimestampLiteralsMeansTheSameInstantOnTheTargetWhateverTheSessionTimeZone() throws Exception {
        String db = schema("ddl_tz");
        // a TIMESTAMP literal is read in the session's time zone and kept as an instant
        replicatedOnOneSession(db, 506, "SET SESSION time_zone = '+05:00'",
                "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP NOT NULL DEFAULT '2020-01-01 10:00:00')",
                "CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 10:00:00' DO DELETE FROM t",
                "SET SESSION time_zone = SYSTEM", "INSERT INTO t (id) VALUES (1)");
        assertThat(TARGET.server().query("SHOW CREATE TABLE `" + db + "`.t"))
                .isEqualTo(SOURCE.server().query("SHOW CREATE TABLE `" + db + "`.t"));
        String event = "SELECT STARTS, TIME_ZONE FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db + "'";
        assertThat(TARGET.server().query(event)).isEqualTo(SOURCE.server().query(event));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void viewsAndRoutinesCompareTheirLiteralsInTheCollationTheSourceSessionCreatedThemWith() throws Exception {
        String db = schema("ddl_collation");
        // literals take the session's collation_connection, which views and routines keep
        replicatedOnOneSession(db, 507, "SET SESSION collation_connection = 'utf8mb4_bin'",
                "CREATE VIEW v AS SELECT 'a' = 'A' AS same",
                "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 'a' = 'A'",
                "CREATE TABLE t (id INT PRIMARY KEY)");
        assertThat(SOURCE.server().queryValue("SELECT same FROM `" + db + "`.v")).isEqualTo("0");
        assertThat(TARGET.server().queryValue("SELECT same FROM `" + db + "`.v")).isEqualTo("0");
        assertThat(TARGET.server().queryValue("SELECT `" + db + "`.f()")).isEqualTo("0");
        String metadata = "SELECT COLLATION_CONNECTION FROM information_schema.%s WHERE %s = '" + db + "'";
        for (String[] view : new String[][] {{"VIEWS", "TABLE_SCHEMA"}, {"ROUTINES", "ROUTINE_SCHEMA"}}) {
            String sql = String.format(metadata, view[0], view[1]);
            assertThat(TARGET.server().query(sql)).isEqualTo(SOURCE.server().query(sql));
        }
    }

    @Test
    void anAlterConvertsTheTargetsRowsAsTheSourceSessionsModeConvertedTheSourcesOwn() throws Exception {
        String db = schema("ddl_modes", "CREATE TABLE t (id INT NOT NULL, v INT, KEY (id))",
                "CREATE TABLE times (id INT PRIMARY KEY, at DATETIME(3))");
        try (Replicator r = start(db, 508, b -> b)) {
            onOneSession(db, "INSERT INTO t VALUES (0, 1), (5, 2)", "INSERT INTO times VALUES (1, '2020-01-01 10:00:00.999')");
            r.awaitCaughtUp(CATCH_UP);
            // the source's default mode renumbers a 0 that becomes AUTO_INCREMENT; rounding is a mode of its own
            onOneSession(db, "ALTER TABLE t MODIFY id INT NOT NULL AUTO_INCREMENT",
                    "SET SESSION sql_mode = CONCAT(@@sql_mode, ',TIME_ROUND_FRACTIONAL')",
                    "ALTER TABLE times MODIFY at DATETIME(0)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(SOURCE.server().query("SELECT id FROM `" + db + "`.t ORDER BY v")).containsExactly(List.of("1"), List.of("5"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void compressedColumnsReplicateTheirValues() throws Exception {
        String db = schema("compressed_cols", "CREATE TABLE t (id INT PRIMARY KEY, b BLOB COMPRESSED,"
                + " c VARCHAR(1000) COMPRESSED CHARACTER SET utf8mb4, n TEXT COMPRESSED)");
        // long values are stored deflated, short ones as they are (behind a header byte), empty ones empty
        replicatedOnOneSession(db, 509, "INSERT INTO t VALUES (1, REPEAT('a', 5000), REPEAT('b€', 300), NULL), (2, 'x', '', 'é'),"
                        + " (3, UNHEX(REPEAT('00FF', 2000)), REPEAT('z', 1000), REPEAT('long text ', 50))",
                "UPDATE t SET c = CONCAT(c, 'more'), n = REPEAT('n', 400) WHERE id IN (1, 2)", "DELETE FROM t WHERE id = 3",
                "SET SESSION column_compression_zlib_wrap = ON",   // deflated behind a zlib header
                "INSERT INTO t VALUES (4, REPEAT('w', 3000), REPEAT('v', 900), REPEAT('u', 700))");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT LENGTH(b) FROM `" + db + "`.t WHERE id = 1")).isEqualTo("5000");
    }

    @Test
    void aColumnAddedWithACurrentTimeDefaultFillsTheExistingRowsWithTheSourcesTime() throws Exception {
        String db = schema("ddl_now", "CREATE TABLE t (id INT PRIMARY KEY)");
        try (Replicator r = start(db, 510, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1), (2)");
            r.awaitCaughtUp(CATCH_UP);
            // the source's clock as the statement ran (here fixed in the past): a replica runs it later
            onOneSession(db, "SET TIMESTAMP = UNIX_TIMESTAMP('2001-02-03 04:05:06') + 0.123456",
                    "ALTER TABLE t ADD COLUMN created TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                            + " ADD COLUMN d DATETIME DEFAULT NOW()",
                    "SET TIMESTAMP = DEFAULT");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(SOURCE.server().queryValue("SELECT MIN(d) FROM `" + db + "`.t")).startsWith("2001-02-03");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void aColumnMadeAutoIncrementNumbersTheExistingRowsWithTheSourceSessionsStep() throws Exception {
        String db = schema("ddl_step", "CREATE TABLE t (id INT PRIMARY KEY)");
        try (Replicator r = start(db, 511, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1), (2), (3)");
            r.awaitCaughtUp(CATCH_UP);
            // as regions that write to each other number their rows apart
            onOneSession(db, "SET SESSION auto_increment_increment = 10, auto_increment_offset = 3",
                    "ALTER TABLE t ADD COLUMN n INT NOT NULL AUTO_INCREMENT, ADD UNIQUE KEY (n)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(SOURCE.server().query("SELECT n FROM `" + db + "`.t ORDER BY id"))
                .containsExactly(List.of("13"), List.of("23"), List.of("33"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void ddlFromASessionWithForeignKeyChecksOffRunsWithThemOffAsDumpFilesNeed() throws Exception {
        String db = schema("ddl_fk_off", "CREATE TABLE marker (id INT PRIMARY KEY)");
        // as a dump file loads: a table referring to one created after it, then the referred one
        replicatedOnOneSession(db, 512, "SET SESSION foreign_key_checks = 0",
                "CREATE TABLE child (id INT PRIMARY KEY, parent INT, FOREIGN KEY (parent) REFERENCES parent (id))",
                "INSERT INTO child VALUES (1, 7)",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "SET SESSION foreign_key_checks = 1", "INSERT INTO marker VALUES (1)");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void rowsWrittenWithCheckConstraintsOffAreAppliedWithThemOff() throws Exception {
        String db = schema("checks_off", "CREATE TABLE t (id INT PRIMARY KEY, v INT, CONSTRAINT positive CHECK (v > 0))");
        replicatedOnOneSession(db, 513, "SET SESSION check_constraint_checks = 0", "INSERT INTO t VALUES (1, -5)",
                "UPDATE t SET v = -6 WHERE id = 1", "SET SESSION check_constraint_checks = 1", "INSERT INTO t VALUES (2, 5)");
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void statementLoggedChangesAreSkippedWithAWarningOnlyWhenAskedAndOtherDatabasesNeverStopTheTask() throws Exception {
        String db = schema("stmt_skip", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
        String other = SOURCE.server().newDatabase("stmt_other");
        SOURCE.server().execute("CREATE TABLE `" + other + "`.o (id INT PRIMARY KEY)");
        TARGET.server().execute("CREATE DATABASE `" + db + "_copy`",
                "CREATE TABLE `" + db + "_copy`.t (id INT PRIMARY KEY, v VARCHAR(20))");
        try (Replicator strict = start(db, 502, b -> b);
             Replicator skipping = start(db, 503, b -> b.name("semantics-skip").skipStatementLoggedChanges(true)
                     .route(db, db + "_copy"))) {
            onOneSession(other, "SET SESSION binlog_format = 'STATEMENT'", "INSERT INTO o VALUES (1)",
                    "UPDATE o SET id = 2");
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 'row')");
            strict.awaitCaughtUp(CATCH_UP);
            assertThat(strict.failure()).isNull();

            onOneSession(db, "SET SESSION binlog_format = 'STATEMENT'", "UPDATE t SET v = 'statement' WHERE id = 1");
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (2, 'row')");
            skipping.awaitCaughtUp(CATCH_UP);
            assertThat(skipping.failure()).isNull();
            assertThat(TARGET.server().query("SELECT id, v FROM `" + db + "_copy`.t ORDER BY id"))
                    .containsExactly(List.of("1", "row"), List.of("2", "row"));
            assertThat(Servers.awaitFailure(strict).code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
        }
    }

    @Test
    void rowsUndoneByRollbackToSavepointAreUndoneOnTheTarget() throws Exception {
        String db = schema("savepoint", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE log (msg VARCHAR(20)) ENGINE=MyISAM");
        replicatedOnOneSession(db, 504, "START TRANSACTION", "INSERT INTO t VALUES (1)", "SAVEPOINT a", "INSERT INTO t VALUES (2)",
                "INSERT INTO log VALUES ('kept')", "SAVEPOINT b", "INSERT INTO t VALUES (3)", "ROLLBACK TO SAVEPOINT b",
                "ROLLBACK TO SAVEPOINT a", "INSERT INTO t VALUES (4)", "COMMIT");
        assertThat(SOURCE.server().query("SELECT id FROM `" + db + "`.t ORDER BY id")).containsExactly(List.of("1"), List.of("4"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void preparedXaTransactionsAreHeldPreparedOnTheTargetAndCommittedOrRolledBackAsOnTheSource() throws Exception {
        String db = schema("xa", "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        String other = SOURCE.server().newDatabase("xa_other");
        SOURCE.server().execute("CREATE TABLE `" + other + "`.o (id INT PRIMARY KEY)");
        String keep = db + "-keep";
        String drop = db + "-drop";
        try (Replicator r = start(db, 505, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 0)");
            onOneSession(other, "XA START 'other1'", "INSERT INTO o VALUES (1)", "XA END 'other1'",
                    "XA PREPARE 'other1'", "XA ROLLBACK 'other1'");
            onOneSession(db, "XA START '" + keep + "'", "INSERT INTO t VALUES (2, 0)", "UPDATE t SET v = 1 WHERE id = 1",
                    "INSERT INTO t VALUES (5, 0)", "UPDATE t SET v = 5 WHERE id = 5", "XA END '" + keep + "'",
                    "XA PREPARE '" + keep + "'");
            onOneSession(db, "XA START '" + drop + "'", "INSERT INTO t VALUES (3, 0)", "XA END '" + drop + "'",
                    "XA PREPARE '" + drop + "'");
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (4, 0)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
            // prepared, not decided: the target shows what the source shows, and holds both prepared
            assertThat(TARGET.server().query("SELECT id, v FROM `" + db + "`.t ORDER BY id"))
                    .containsExactly(List.of("1", "0"), List.of("4", "0"));
            assertThat(preparedOnTarget(db)).hasSize(2);

            SOURCE.server().execute("XA COMMIT '" + keep + "'", "XA ROLLBACK '" + drop + "'",
                    "INSERT INTO `" + db + "`.t VALUES (6, 0)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().query("SELECT id, v FROM `" + db + "`.t ORDER BY id")).containsExactly(
                List.of("1", "1"), List.of("2", "0"), List.of("4", "0"), List.of("5", "5"), List.of("6", "0"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(preparedOnTarget(db)).isEmpty();
    }

    /**
     * A restart between the target's XA PREPARE and the checkpoint after it reads the prepared
     * transaction again: it must find it prepared on the target and not apply it twice.
     */
    @Test
    void aPreparedXaTransactionSurvivesARestartAndIsNeverPreparedTwice() throws Exception {
        String db = schema("xa_restart", "CREATE TABLE t (id INT PRIMARY KEY)");
        String xid = db + "-late";
        List<String> before;
        try (Replicator r = start(db, 518, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1)");
            r.awaitCaughtUp(CATCH_UP);
            before = checkpointOf("semantics-" + db);
            onOneSession(db, "XA START '" + xid + "'", "INSERT INTO t VALUES (2)", "XA END '" + xid + "'",
                    "XA PREPARE '" + xid + "'");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
            assertThat(checkpointOf("semantics-" + db)).isNotEqualTo(before);
        }
        assertThat(preparedOnTarget(db)).hasSize(1);
        // as if the task had died after the target's XA PREPARE, before its checkpoint
        TARGET.server().execute("UPDATE iso2db.checkpoint SET binlog_file = " + sqlText(before.get(0))
                + ", binlog_pos = " + before.get(1) + ", gtid_set = " + sqlText(before.get(2))
                + " WHERE task = 'semantics-" + db + "'");
        SOURCE.server().execute("XA COMMIT '" + xid + "'", "INSERT INTO `" + db + "`.t VALUES (3)");
        try (Replicator r = start(db, 518, b -> b)) {
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t ORDER BY id"))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"));
        assertThat(preparedOnTarget(db)).isEmpty();
    }

    /** The XA transactions prepared on the target whose global id starts with {@code prefix}. */
    private static List<List<String>> preparedOnTarget(String prefix) {
        return TARGET.server().query("XA RECOVER").stream().filter(row -> row.get(3).startsWith(prefix)).toList();
    }

    private static List<String> checkpointOf(String task) {
        return TARGET.server().query("SELECT binlog_file, binlog_pos, gtid_set FROM iso2db.checkpoint WHERE task = '"
                + task + "'").get(0);
    }

    private static String sqlText(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    @Test
    void rowsWrittenWithForeignKeyChecksOffAreAppliedWithThemOff() throws Exception {
        String db = schema("fk", "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent INT,"
                        + " FOREIGN KEY (parent) REFERENCES parent (id) ON DELETE CASCADE)");
        try (Replicator r = start(db, 506, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.parent VALUES (1), (2)",
                    "INSERT INTO `" + db + "`.child VALUES (10, 1), (20, 2)");
            onOneSession(db, "SET SESSION foreign_key_checks = 0", "DELETE FROM parent WHERE id = 1",
                    "INSERT INTO child VALUES (30, 99)");
            SOURCE.server().execute("DELETE FROM `" + db + "`.parent WHERE id = 2");   // checks on again: cascades
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        assertThat(SOURCE.server().query("SELECT id FROM `" + db + "`.child ORDER BY id"))
                .containsExactly(List.of("10"), List.of("30"));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    /**
     * A session may log partial row images whatever the server's setting: MINIMAL (the key, and the
     * columns the statement set) or NOBLOB (no unchanged BLOB/TEXT). As on a native replica, such rows
     * are found by their key and change only the columns logged; the values were once placed by
     * position into the wrong columns.
     */
    @Test
    void rowsLoggedWithPartialImagesChangeTheColumnsTheyHoldAndAreFoundByKey() throws Exception {
        String t = "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10) DEFAULT 'x', c BLOB, e INT DEFAULT 7)";
        String k = "CREATE TABLE k (a INT, b INT)";
        String db = schema("partial_image", t, k);
        TARGET.server().execute("CREATE DATABASE `" + db + "_copy`", "USE `" + db + "_copy`", t, k);
        try (Replicator compared = start(db, 515, b -> b);
             Replicator byKey = start(db, 516, b -> b.name("semantics-partial-by-key").compareBeforeImage(false)
                     .route(db, db + "_copy"))) {
            SOURCE.server().execute("USE `" + db + "`", "INSERT INTO t VALUES (1, 1, 'one', 'blob1', 1), (2, 2, 'two',"
                    + " 'blob2', 2), (3, 3, 'three', 'blob3', 3), (15, 15, 'fifteen', 'blob15', 15)",
                    "INSERT INTO k VALUES (1, 1), (2, 2), (3, 3)");
            onOneSession(db, "SET SESSION binlog_row_image = 'MINIMAL'",
                    "UPDATE t SET b = 'm' WHERE id = 1",
                    "DELETE FROM t WHERE id = 2",
                    "INSERT INTO t (id, a) VALUES (10, 10)",
                    "START TRANSACTION", "INSERT INTO t VALUES (11, 11, 'eleven', 'blob11', 11)",
                    "UPDATE t SET a = 12 WHERE id = 11", "UPDATE t SET id = 16, e = 16 WHERE id = 3",
                    "UPDATE t SET a = a + 1", "COMMIT",
                    "UPDATE k SET b = 5 WHERE a = 1", "DELETE FROM k WHERE a = 2",
                    "SET SESSION binlog_row_image = 'NOBLOB'",
                    "UPDATE t SET a = 100 WHERE id = 15", "INSERT INTO t (id, a) VALUES (20, 20)",
                    "UPDATE t SET c = 'zz' WHERE id = 20", "DELETE FROM t WHERE id = 1");
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (30, 30, 'full', 'blob30', 30)");
            compared.awaitCaughtUp(CATCH_UP);
            byKey.awaitCaughtUp(CATCH_UP);
            assertThat(compared.failure()).isNull();
            assertThat(byKey.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TableComparator.compare(SOURCE.server(), db, TARGET.server(), db + "_copy", List.of("t", "k"))
                .identical()).isTrue();
        assertThat(TARGET.server().query("SELECT id, a, b, e FROM `" + db + "_copy`.t WHERE id IN (10, 16) ORDER BY id"))
                .containsExactly(List.of("10", "11", "x", "7"), List.of("16", "4", "three", "16"));
    }

    @Test
    void aPartialImageWithoutTheTargetKeyStopsTheTaskNamingTheSetting() throws Exception {
        String db = schema("minimal_session", "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)");
        // the target finds rows by a key the source's minimal image does not log
        TARGET.server().execute("USE `" + db + "`", "DROP TABLE t", "CREATE TABLE t (id INT, a INT, b INT, PRIMARY KEY (id, a))");
        try (Replicator r = start(db, 517, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 1, 1), (15, 15, 15)");
            r.awaitCaughtUp(CATCH_UP);
            onOneSession(db, "SET SESSION binlog_row_image = 'MINIMAL'", "UPDATE t SET b = 2 WHERE id = 1");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
            assertThat(e.getMessage()).contains(db + ".t").contains("binlog_row_image").contains("primary key");
        }
        assertThat(TARGET.server().query("SELECT id, a, b FROM `" + db + "`.t ORDER BY id"))
                .containsExactly(List.of("1", "1", "1"), List.of("15", "15", "15"));
    }

    @Test
    void systemVersionedTablesAreRefusedByNameInsteadOfAMisleadingMismatch() throws Exception {
        String db = schema("versioned", "CREATE TABLE t (id INT PRIMARY KEY)",
                "CREATE TABLE history (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING");
        try (Replicator r = Replicator.builder().name("semantics-versioned").serverId(509)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(r::start).isInstanceOfSatisfying(Iso2dbException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
                assertThat(e.getMessage()).contains(db + ".history").contains("system-versioned").contains("excludeTables");
            });
        }
        try (Replicator r = start(db, 510, b -> b.excludeTables("history"))) {
            SOURCE.server().execute("USE `" + db + "`", "INSERT INTO t VALUES (1)",
                    "CREATE TABLE h2 (id INT PRIMARY KEY) WITH SYSTEM VERSIONING", "INSERT INTO t VALUES (2)");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
            assertThat(e.getMessage()).contains("system-versioned").contains("CREATE TABLE h2");
        }
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.t")).containsExactly(List.of("1"));
    }

    /** As on a native replica: a sequence's DDL is replayed and its state follows the source's, used values included. */
    @Test
    void sequencesReplicateTheirDefinitionAndState() throws Exception {
        String db = schema("sequences", "CREATE TABLE t (id BIGINT PRIMARY KEY, s BIGINT)",
                "CREATE SEQUENCE s0 START WITH 100 INCREMENT BY 5 CACHE 3");
        TARGET.server().execute("USE `" + db + "`",
                SOURCE.server().query("SHOW CREATE SEQUENCE `" + db + "`.s0").get(0).get(1));
        try (Replicator r = start(db, 512, b -> b)) {
            onOneSession(db, "CREATE SEQUENCE s CACHE 4",
                    "INSERT INTO t SELECT seq, NEXTVAL(s) FROM seq_1_to_10",
                    "INSERT INTO t SELECT 100 + seq, NEXTVAL(s0) FROM seq_1_to_7",
                    "DO SETVAL(s0, 1000)",
                    "ALTER SEQUENCE s RESTART WITH 500",
                    "INSERT INTO t VALUES (200, NEXTVAL(s))");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
            for (String seq : List.of("s", "s0")) {
                String state = "SELECT next_not_cached_value, minimum_value, maximum_value, start_value, increment,"
                        + " cache_size, cycle_option, cycle_count FROM `" + db + "`." + seq;
                assertThat(TARGET.server().query(state)).as(seq).isEqualTo(SOURCE.server().query(state));
            }
            SOURCE.server().execute("DROP SEQUENCE `" + db + "`.s");
            r.awaitCaughtUp(CATCH_UP);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_TYPE = 'SEQUENCE'")).isEqualTo("1");
    }

    /** The CREATE and the rows of CREATE TABLE ... SELECT are one source transaction; the target gets both. */
    @Test
    void createTableSelectReplicatesTheTableAndItsRows() throws Exception {
        String db = schema("create_select", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        TARGET.server().execute("INSERT INTO `" + db + "`.t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        Position before;
        try (Replicator r = start(db, 513, b -> b)) {
            onOneSession(db, "CREATE TABLE c (KEY (v)) SELECT id, v, id * 2 AS twice FROM t",
                    "CREATE TABLE e SELECT * FROM t WHERE id > 100",
                    "INSERT INTO c VALUES (4, 'd', 8)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
            before = r.position();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM `" + db + "`.c")).isEqualTo("4");

        // as after a crash between the CREATE and the commit of its rows: the table is there, empty
        onOneSession(db, "CREATE TABLE c2 SELECT id, v FROM t");
        TARGET.server().execute("USE `" + db + "`",
                SOURCE.server().query("SHOW CREATE TABLE `" + db + "`.c2").get(0).get(1));
        try (Replicator r = start(db, 514, b -> b.startAt(before))) {
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void aTableRenamedIntoTheReplicatedSetStopsTheTaskNamingIt() throws Exception {
        String db = schema("rename_in", "CREATE TABLE t (id INT PRIMARY KEY)");
        String other = SOURCE.server().newDatabase("rename_from");
        SOURCE.server().execute("CREATE TABLE `" + other + "`.b (id INT PRIMARY KEY)", "INSERT INTO `" + other + "`.b VALUES (1)");
        try (Replicator r = start(db, 511, b -> b)) {
            SOURCE.server().execute("RENAME TABLE `" + other + "`.b TO `" + db + "`.b", "INSERT INTO `" + db + "`.b VALUES (2)");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT);
            assertThat(e.getMessage()).contains(other + ".b").contains(db + ".b").contains("rows iso2db never saw");
        }
    }

    @Test
    void anEmptyTableRenamedIntoTheReplicatedSetIsCreatedOnTheTargetAndItsRowsFollow() throws Exception {
        String db = schema("rename_empty", "CREATE TABLE t (id INT PRIMARY KEY)");
        String other = SOURCE.server().newDatabase("rename_empty_from");
        SOURCE.server().execute("CREATE TABLE `" + other + "`.b (id INT PRIMARY KEY, v VARCHAR(10) DEFAULT 'd')",
                "INSERT INTO `" + other + "`.b VALUES (1, 'gone')", "DELETE FROM `" + other + "`.b");
        try (Replicator r = start(db, 519, b -> b)) {
            SOURCE.server().execute("RENAME TABLE `" + other + "`.b TO `" + db + "`.b");
            r.awaitCaughtUp(CATCH_UP);
            SOURCE.server().execute("INSERT INTO `" + db + "`.b (id) VALUES (2)", "INSERT INTO `" + db + "`.t VALUES (1)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().query("SELECT id, v FROM `" + db + "`.b")).containsExactly(List.of("2", "d"));
    }

    @Test
    void exchangePartitionReplicates() throws Exception {
        String db = schema("exchange", "CREATE TABLE p (id INT PRIMARY KEY) PARTITION BY RANGE (id)"
                        + " (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)",
                "CREATE TABLE x (id INT PRIMARY KEY)");
        try (Replicator r = start(db, 508, b -> b)) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.p VALUES (1), (200)", "INSERT INTO `" + db + "`.x VALUES (5)",
                    "ALTER TABLE `" + db + "`.p EXCHANGE PARTITION p0 WITH TABLE `" + db + "`.x",
                    "INSERT INTO `" + db + "`.x VALUES (6)");
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        assertThat(TARGET.server().query("SELECT id FROM `" + db + "`.x ORDER BY id")).containsExactly(List.of("1"), List.of("6"));
    }
}
