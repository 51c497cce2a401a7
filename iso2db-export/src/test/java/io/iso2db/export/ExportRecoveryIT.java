package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An export killed with SIGKILL runs again to identical tables; a chunk the target keeps waiting is copied again. */
class ExportRecoveryIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void anExportKilledMidwayRunsAgainToIdenticalTables() throws Exception {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("export_killed");
        src.execute("USE " + db, "CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(64), b BLOB, KEY kv (v))",
                "INSERT INTO a SELECT seq, MD5(seq), RANDOM_BYTES(1 + seq % 200) FROM seq_1_to_300000",
                "CREATE TABLE c (x INT NOT NULL, y INT NOT NULL, t TEXT, PRIMARY KEY (x, y))",
                "INSERT INTO c SELECT seq % 100, seq, REPEAT(CHAR(65 + seq % 26), seq % 300) FROM seq_1_to_200000");
        List<String> args = List.of(src.host(), String.valueOf(src.port()), src.adminUser(), src.adminPassword(),
                dst.host(), String.valueOf(dst.port()), dst.adminUser(), dst.adminPassword(), db, "4", "1000");
        try (ChildJvm child = ChildJvm.start(ExportMain.class, List.of("-Xmx256m"), args)) {
            while (child.output().split("CHUNK", -1).length <= 10) {
                assertThat(child.isAlive()).as("export ended before it was killed:\n%s", child.output()).isTrue();
                Thread.sleep(10);
            }
            child.kill();
            assertThat(child.output()).doesNotContain("DONE");
        }
        long copied = Long.parseLong(dst.queryValue("SELECT COUNT(*) FROM " + db + ".a"))
                + Long.parseLong(dst.queryValue("SELECT COUNT(*) FROM " + db + ".c"));
        assertThat(copied).as("rows on the target after the kill").isLessThan(500_000);

        ExportResult r = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(dst)).databases(db)
                .threads(4).chunkRows(1000).build().run();
        assertThat(r.rows()).isEqualTo(500_000);
        TableComparator.assertIdentical(src, dst, db);
        assertThat(showCreate(dst, db + ".a")).isEqualTo(showCreate(src, db + ".a"));
    }

    @Test
    void aChunkThatTimesOutWaitingForATargetLockIsCopiedAgain() throws Exception {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("export_lockwait");
        src.execute("USE " + db, "CREATE TABLE t (id INT PRIMARY KEY, v CHAR(32))",
                "INSERT INTO t SELECT seq, MD5(seq) FROM seq_1_to_5000");
        AtomicReference<Connection> blocker = new AtomicReference<>();
        long waitsBefore = ExportTables.status(dst, "Innodb_row_lock_waits");
        dst.execute("SET GLOBAL innodb_lock_wait_timeout = 1");
        Thread release = new Thread(() -> {
            try {
                // two waits: the chunk timed out at least once and was tried again
                while (blocker.get() == null || ExportTables.status(dst, "Innodb_row_lock_waits") < waitsBefore + 2) {
                    Thread.sleep(20);
                }
                blocker.get().rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            release.start();
            ExportResult r = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(dst))
                    .databases(db).threads(1).chunkRows(1000).listener(p -> {
                        if (blocker.get() == null) {
                            // another session holds the key of a later chunk, uncommitted
                            try {
                                Connection c = dst.connect(db);
                                c.setAutoCommit(false);
                                try (Statement st = c.createStatement()) {
                                    st.execute("INSERT INTO t VALUES (3500, 'blocker')");
                                }
                                blocker.set(c);
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).build().run();
            release.join(60_000);
            assertThat(r.rows()).isEqualTo(5000);
            assertThat(ExportTables.status(dst, "Innodb_row_lock_waits")).isGreaterThanOrEqualTo(waitsBefore + 2);
            TableComparator.assertIdentical(src, dst, db);
        } finally {
            dst.execute("SET GLOBAL innodb_lock_wait_timeout = DEFAULT");
            if (blocker.get() != null) {
                blocker.get().close();
            }
        }
    }

    private static String showCreate(DbServer s, String table) {
        return s.query("SHOW CREATE TABLE " + table).get(0).get(1);
    }
}
