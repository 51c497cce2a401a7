package io.iso2db.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Servers;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.TableComparator;
import io.iso2db.testkit.TypeMatrix;
import io.iso2db.testkit.TypeMatrix.Case;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One table per column type, one row per edge value; all written in one replicated stream, then
 * each (type, value) compared byte for byte on the target: one assertion per row of the matrix.
 * The tables have no key, so every UPDATE and DELETE is found on the target by the full before
 * image: each value must also match itself in a WHERE clause.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
abstract class TypeMatrixContract {

    /** The source server, running when {@link #replicateEveryCase()} starts. */
    protected abstract DbServer source();

    protected abstract DbServer target();

    /** Whether a case applies to this server family; all do by default. */
    protected boolean supports(Case c) {
        return true;
    }

    private String db;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    void replicateEveryCase() {
        DbServer src = source();
        DbServer dst = target();
        db = src.newDatabase("types");
        dst.execute("CREATE DATABASE " + db);
        src.execute("SET GLOBAL sql_mode = ''");
        try (Replicator r = Replicator.builder().name("types").serverId(1601)
                .source(Servers.replication(src))
                .target(Servers.admin(dst))
                .databases(db).compareBeforeImage(true).build()) {   // the stricter path: each before image finds its row
            r.start();
            for (Case c : TypeMatrix.CASES) {
                if (!supports(c)) {
                    continue;
                }
                try {
                    src.execute("CREATE TABLE " + db + ".t_" + c.name() + " (id INT, v " + c.type() + ", n INT)");
                } catch (IllegalStateException e) {
                    problems.add(c.name() + ": not supported by the source (" + e.getMessage() + ")");
                    continue;
                }
                for (int i = 0; i < c.values().size(); i++) {
                    try (var conn = src.connect(db); var st = conn.createStatement()) {
                        st.execute("SET SESSION sql_mode = '" + TypeMatrix.SOURCE_SQL_MODE + "'");
                        st.execute("INSERT INTO t_" + c.name() + " VALUES (" + i + ", " + c.values().get(i) + ", 0)");
                        st.execute("INSERT INTO t_" + c.name() + " VALUES (" + (i + 100) + ", " + c.values().get(i) + ", 0)");
                        st.execute("UPDATE t_" + c.name() + " SET n = n + 1 WHERE id = " + i);
                        st.execute("DELETE FROM t_" + c.name() + " WHERE id = " + (i + 100));
                    } catch (java.sql.SQLException e) {
                        problems.add(c.name() + " " + c.values().get(i) + ": rejected by the source: " + e.getMessage());
                    }
                }
            }
            src.execute("SET GLOBAL sql_mode = DEFAULT");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            if (r.failure() != null) {
                problems.add("replication failed: " + r.failure().getMessage());
            }
        }
    }

    @AfterAll
    void report() {
        System.out.println("[type-matrix] " + source().version() + ": source-side notes " + problems);
    }

    @TestFactory
    List<DynamicTest> everyValueArrivesByteForByte() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : TypeMatrix.CASES) {
            if (!supports(c)) {
                continue;
            }
            for (int i = 0; i < c.values().size(); i++) {
                int id = i;
                tests.add(DynamicTest.dynamicTest(c.type() + " = " + abbreviate(c.values().get(i)), () -> {
                    String where = " WHERE id = " + id;
                    var s = source().query("SELECT HEX(CAST(v AS BINARY)), v IS NULL FROM " + db + ".t_" + c.name() + where);
                    assertThat(s).as("source row %s %d", c.type(), id).hasSize(1);
                    var t = target().query("SELECT HEX(CAST(v AS BINARY)), v IS NULL FROM " + db + ".t_" + c.name() + where);
                    assertThat(t).as("%s row %d on the target (source %s)", c.type(), id, s).isEqualTo(s);
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("whole database identical", () ->
                TableComparator.assertIdentical(source(), target(), db)));
        return tests;
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
