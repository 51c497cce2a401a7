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
 * The target's column types decide whether values arrive exactly: narrower or different columns
 * are refused before anything is applied (every one at once), wider ones are accepted, and a value
 * that no longer fits at apply time stops the task naming the column instead of being truncated.
 */
class ColumnTypesIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static Replicator task(String db, int serverId) {
        return Replicator.builder().name("types-" + db).serverId(serverId).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).build();
    }

    private static String onBoth(String prefix, String sourceDdl, String targetDdl) {
        DbServer s = SOURCE.server();
        DbServer t = TARGET.server();
        String db = s.newDatabase(prefix);
        t.execute("DROP DATABASE IF EXISTS `" + db + "`", "CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4");
        s.execute("USE `" + db + "`", sourceDdl);
        t.execute("USE `" + db + "`", targetDdl);
        return db;
    }

    @Test
    void narrowerOrDifferentTargetColumnsAreAllReportedBeforeAnythingIsApplied() {
        String db = onBoth("narrow",
                "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20), c DECIMAL(10,2), d INT, e DATETIME(6),"
                        + " f ENUM('x','y','z'), g VARCHAR(10) CHARACTER SET utf8mb4)",
                "CREATE TABLE t (id INT PRIMARY KEY, a SMALLINT, b VARCHAR(5), c DECIMAL(10,1), d INT UNSIGNED,"
                        + " e DATETIME, f ENUM('y','x','z'), g VARCHAR(10) CHARACTER SET latin1)");
        try (Replicator r = task(db, 401)) {
            assertThatThrownBy(r::start).isInstanceOfSatisfying(Iso2dbException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
                assertThat(e.getMessage()).contains(db + ".t column 2 `a` is int(11) on the source but smallint(6)")
                        .contains("`b` is varchar(20) utf8mb4 on the source but varchar(5) utf8mb4 on the target: narrower")
                        .contains("`c`").contains("`d`").contains("negative values")
                        .contains("`e`").contains("fractional digits").contains("`f`").contains("other members")
                        .contains("`g`").contains("latin1");
            });
        }
    }

    @Test
    void widerTargetColumnsAndExtraNullableColumnsAtTheEndAreAccepted() {
        String db = onBoth("wide",
                "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10), c DECIMAL(8,2), d INT UNSIGNED,"
                        + " e VARCHAR(10) CHARACTER SET utf8mb3, f ENUM('x','y'), g FLOAT)",
                "CREATE TABLE t (id BIGINT PRIMARY KEY, a BIGINT, b TEXT, c DECIMAL(12,4), d BIGINT UNSIGNED,"
                        + " e VARCHAR(30) CHARACTER SET utf8mb4, f ENUM('x','y','z'), g DOUBLE, note VARCHAR(10) NULL)");
        DbServer s = SOURCE.server();
        try (Replicator r = task(db, 402)) {
            r.start();
            s.execute("INSERT INTO `" + db + "`.t VALUES (1, -2147483648, 'ten chars!', 123456.78, 4294967295,"
                    + " 'naïve', 'y', 1.5)", "UPDATE `" + db + "`.t SET a = 7 WHERE id = 1");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
        }
        assertThat(TARGET.server().query("SELECT id, a, b, c, d, e, f, g, note FROM `" + db + "`.t")).containsExactly(
                java.util.Arrays.asList("1", "7", "ten chars!", "123456.7800", "4294967295", "naïve", "y", "1.5", null));
    }

    @Test
    void aValueTheTargetColumnCannotHoldStopsTheTaskNamingTheColumnInsteadOfTruncating() throws Exception {
        String db = onBoth("strict", "CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(10))",
                "CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(10))");
        DbServer s = SOURCE.server();
        try (Replicator r = task(db, 403)) {
            r.start();
            s.execute("INSERT INTO `" + db + "`.t VALUES (1, 'ok')");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            TARGET.server().execute("ALTER TABLE `" + db + "`.t MODIFY code VARCHAR(3)");   // narrowed behind the task's back
            s.execute("INSERT INTO `" + db + "`.t VALUES (2, '123456')");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.getMessage()).contains("code").contains(db);
        }
        assertThat(TARGET.server().query("SELECT id, code FROM `" + db + "`.t")).containsExactly(List.of("1", "ok"));
    }

    /**
     * An empty ENUM value (which only a non-strict source stores) makes the rows be written again
     * without strict mode: an invalid date beside it is still stored as the source holds it, and a
     * value of another row in the same statement that the target cannot hold still stops the task
     * instead of being truncated.
     */
    @Test
    void rowsWithAnEmptyEnumValueAreWrittenExactlyOrStopTheTask() throws Exception {
        String db = onBoth("lax", "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b'), code VARCHAR(10), d DATE)",
                "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b'), code VARCHAR(10), d DATE)");
        DbServer s = SOURCE.server();
        try (Replicator r = task(db, 405)) {
            r.start();
            s.execute("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'",
                    "INSERT INTO `" + db + "`.t VALUES (1, '', 'ok', '2024-02-30'), (2, 'b', 'xyz', '2023-02-29')");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
            TableComparator.assertIdentical(s, TARGET.server(), db);
            TARGET.server().execute("ALTER TABLE `" + db + "`.t MODIFY code VARCHAR(3)");   // narrowed behind the task's back
            s.execute("SET SESSION sql_mode = ''", "INSERT INTO `" + db + "`.t VALUES (3, '', 'ab', NULL), (4, 'a', '123456', NULL)");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.getMessage()).contains("code").contains(db + ".t");
        }
        assertThat(TARGET.server().query("SELECT id, e, code, d FROM `" + db + "`.t")).containsExactly(
                List.of("1", "", "ok", "2024-02-30"), List.of("2", "b", "xyz", "2023-02-29"));
    }

    @Test
    void aRetypedColumnOfTheSameCountStopsTheTaskInsteadOfMisplacingValues() throws Exception {
        String db = onBoth("retyped", "CREATE TABLE t (id INT PRIMARY KEY, n INT, s VARCHAR(10))",
                "CREATE TABLE t (id INT PRIMARY KEY, n INT, s VARCHAR(10))");
        DbServer s = SOURCE.server();
        try (Replicator r = task(db, 404)) {
            r.start();
            s.execute("INSERT INTO `" + db + "`.t VALUES (1, 1, 'a')");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            // the source's columns swap places outside replication; the target keeps the old order
            s.execute("SET SESSION sql_log_bin = 0", "ALTER TABLE `" + db + "`.t CHANGE s s VARCHAR(10) AFTER id");
            s.execute("INSERT INTO `" + db + "`.t VALUES (2, 'b', 2)");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
            assertThat(e.getMessage()).contains(db + ".t").contains("`n`");
        }
        assertThat(TARGET.server().query("SELECT id, n, s FROM `" + db + "`.t")).containsExactly(List.of("1", "1", "a"));
        assertThat(TableComparator.tablesOf(TARGET.server(), db)).containsExactly("t");
    }

    @Test
    void textInEveryCharacterSetArrivesByteForByteKeysIncluded() {
        String db = SOURCE.server().newDatabase("charsets");
        String columns = "u16 VARCHAR(20) CHARACTER SET utf16, u32 VARCHAR(20) CHARACTER SET utf32, ucs VARCHAR(20)"
                + " CHARACTER SET ucs2, sj VARCHAR(20) CHARACTER SET sjis, gb VARCHAR(20) CHARACTER SET gbk,"
                + " b5 VARCHAR(20) CHARACTER SET big5, l2 VARCHAR(20) CHARACTER SET latin2, cy VARCHAR(20) CHARACTER SET cp1251,"
                + " kr VARCHAR(20) CHARACTER SET euckr, t TEXT CHARACTER SET utf16le, c CHAR(5) CHARACTER SET utf32";
        SOURCE.server().execute("USE " + db, "CREATE TABLE t (k VARCHAR(20) CHARACTER SET utf16 NOT NULL PRIMARY KEY, "
                + columns + ")", "CREATE TABLE s (k VARCHAR(20) CHARACTER SET sjis NOT NULL PRIMARY KEY, v INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        try (Replicator r = task(db, 405)) {
            r.start();
            SOURCE.server().execute("USE " + db,
                    "INSERT INTO t VALUES (_utf8mb4 'ключ😀', _utf8mb4 '😀𝄞', _utf8mb4 '𝄞', _utf8mb4 'Ā', _utf8mb4 'ｶﾀｶﾅ漢字',"
                            + " _utf8mb4 '中文', _utf8mb4 '繁體', _utf8mb4 'ŁódźŘ', _utf8mb4 'Привет', _utf8mb4 '한국어',"
                            + " _utf8mb4 'le 😀 text', _utf8mb4 'ab')",
                    "INSERT INTO t (k) VALUES (_utf8mb4 'x')",
                    "INSERT INTO s VALUES (_utf8mb4 '表ソ', 1), (_utf8mb4 'ｱ', 2)",
                    "UPDATE t SET sj = _utf8mb4 '表示', u16 = NULL, c = _utf8mb4 '𝄞' WHERE k = _utf8mb4 'ключ😀'",
                    "UPDATE s SET v = v + 10", "DELETE FROM s WHERE k = _utf8mb4 'ｱ'",
                    "UPDATE t SET k = _utf8mb4 'новый' WHERE k = _utf8mb4 'x'");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }
}
