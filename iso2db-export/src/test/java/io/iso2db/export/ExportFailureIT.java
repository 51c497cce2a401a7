package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A failing worker stops the whole export with a clear error; missing privileges fail before the target changes. */
class ExportFailureIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void aKilledWorkerStopsTheExportAndANewExportSucceeds() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_fail");
        src.execute("USE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v CHAR(100))",
                "INSERT INTO " + db + ".t SELECT seq, MD5(seq) FROM seq_1_to_200000");
        AtomicBoolean killed = new AtomicBoolean();
        Exporter failing = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(4).chunkRows(1000).listener(p -> {
                    if (killed.compareAndSet(false, true)) {
                        // a real failure: the target drops the workers' connections
                        for (List<String> row : TARGET.server().query("SELECT ID FROM information_schema.PROCESSLIST"
                                + " WHERE DB IS NULL AND ID <> CONNECTION_ID() AND USER = '" + TARGET.server().adminUser() + "'")) {
                            TARGET.server().execute("KILL " + row.get(0));
                        }
                    }
                }).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(failing::run).isInstanceOf(Iso2dbException.class)
                .satisfies(e -> assertThat(((Iso2dbException) e).code()).isEqualTo(ErrorCode.EXPORT_FAILED))
                .hasMessageContaining("copying " + db + ".t chunk").hasMessageContaining("run the export again");
        assertThat((System.nanoTime() - t0) / 1_000_000_000.0).as("stopped promptly, not after copying everything")
                .isLessThan(30);

        ExportResult r = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(4).chunkRows(1000).build().run();
        assertThat(r.rows()).isEqualTo(200_000);
        TableComparator.assertIdentical(src, TARGET.server(), db);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "LOAD DATA allowed by the target: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aValueTheTargetWouldChangeFailsTheExportNamingTableChunkAndColumn(boolean loadData) {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("export_narrowed");
        src.execute("USE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v CHAR(40))",
                "INSERT INTO " + db + ".t SELECT seq, MD5(seq) FROM seq_1_to_20000");
        AtomicBoolean narrowed = new AtomicBoolean();
        // someone narrows the column on the target while the export runs: the rest would be cut short
        Exporter exporter = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(dst))
                .databases(db).threads(1).chunkRows(1000).listener(p -> {
                    if (narrowed.compareAndSet(false, true)) {
                        dst.execute("SET SESSION sql_mode = ''", "ALTER TABLE " + db + ".t MODIFY v CHAR(8)");
                    }
                }).build();
        dst.execute("SET GLOBAL local_infile = " + (loadData ? "ON" : "OFF"));
        try {
            assertThatThrownBy(exporter::run).isInstanceOfSatisfying(Iso2dbException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.EXPORT_FAILED);
                assertThat(e.getMessage()).contains("copying " + db + ".t chunk")
                        .contains("Data truncated for column 'v'").contains("not committed");
            });
        } finally {
            dst.execute("SET GLOBAL local_infile = ON");
        }
    }

    @Test
    void aMisspelledDatabaseFailsInsteadOfExportingNothing() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("shop");
        String typo = db.replace("shop", "shpo");
        assertThatThrownBy(() -> Exporter.builder().source(ExportTables.admin(src))
                .target(ExportTables.admin(TARGET.server())).databases(typo).build().run())
                .isInstanceOfSatisfying(Iso2dbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains(typo).contains("did you mean").contains(db);
                });
    }

    @Test
    void missingSelectOrReloadFailsBeforeAnythingIsDropped() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_priv");
        src.execute("CREATE TABLE " + db + ".t1 (id INT PRIMARY KEY)", "CREATE TABLE " + db + ".t2 (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t1 VALUES (1)",
                "CREATE USER IF NOT EXISTS 'exp_partial'@'%' IDENTIFIED BY 'Partial-1'",
                "GRANT SELECT ON " + db + ".t1 TO 'exp_partial'@'%'", "GRANT INSERT ON " + db + ".t2 TO 'exp_partial'@'%'", "GRANT BINLOG MONITOR ON *.* TO 'exp_partial'@'%'",
                "CREATE USER IF NOT EXISTS 'exp_noreload'@'%' IDENTIFIED BY 'NoReload-1'",
                "GRANT SELECT ON " + db + ".* TO 'exp_noreload'@'%'", "GRANT BINLOG MONITOR ON *.* TO 'exp_noreload'@'%'");
        TARGET.server().execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t1 (keep_me INT)",
                "INSERT INTO " + db + ".t1 VALUES (42)");
        ConnectionSettings partial = ConnectionSettings.of(src.host(), src.port(), "exp_partial", "Partial-1");
        ConnectionSettings noReload = ConnectionSettings.of(src.host(), src.port(), "exp_noreload", "NoReload-1");

        assertThatThrownBy(() -> Exporter.builder().source(partial).target(ExportTables.admin(TARGET.server()))
                .databases(db).build().run()).isInstanceOf(Iso2dbException.class)
                .satisfies(e -> assertThat(((Iso2dbException) e).code()).isEqualTo(ErrorCode.MISSING_PRIVILEGE))
                .hasMessageContaining("may not read " + db + ".t2").hasMessageContaining("Nothing was changed");
        assertThatThrownBy(() -> Exporter.builder().source(noReload).target(ExportTables.admin(TARGET.server()))
                .databases(db).snapshot(SnapshotMethod.LOCK).build().run()).isInstanceOf(Iso2dbException.class)
                .hasMessageContaining("lacks RELOAD");
        assertThat(TARGET.server().queryValue("SELECT keep_me FROM " + db + ".t1")).isEqualTo("42");

        // MariaDB needs no lock: the same user exports with the lock-free snapshot
        ExportResult r = Exporter.builder().source(noReload).target(ExportTables.admin(TARGET.server())).databases(db)
                .snapshot(SnapshotMethod.CONSISTENT_SNAPSHOT).build().run();
        assertThat(r.writesBlocked()).isZero();
        TableComparator.assertIdentical(src, TARGET.server(), db);
    }

    /** Writes to a MyISAM table are held while it is copied (LOCK TABLES): without that grant the export says so first. */
    @Test
    void aNonTransactionalTableWithoutTheLockTablesGrantFailsBeforeAnythingIsDropped() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_nolock");
        src.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "CREATE TABLE " + db + ".legacy (x INT) ENGINE=MyISAM",
                "INSERT INTO " + db + ".legacy VALUES (1)",
                "CREATE USER IF NOT EXISTS 'exp_nolock'@'%' IDENTIFIED BY 'NoLock-1'",
                "GRANT SELECT ON " + db + ".* TO 'exp_nolock'@'%'", "GRANT BINLOG MONITOR ON *.* TO 'exp_nolock'@'%'");
        TARGET.server().execute("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (keep_me INT)",
                "INSERT INTO " + db + ".t VALUES (42)");
        ConnectionSettings noLock = ConnectionSettings.of(src.host(), src.port(), "exp_nolock", "NoLock-1");
        assertThatThrownBy(() -> Exporter.builder().source(noLock).target(ExportTables.admin(TARGET.server()))
                .databases(db).snapshot(SnapshotMethod.CONSISTENT_SNAPSHOT).build().run())
                .isInstanceOf(Iso2dbException.class)
                .satisfies(e -> assertThat(((Iso2dbException) e).code()).isEqualTo(ErrorCode.MISSING_PRIVILEGE))
                .hasMessageContaining(db + ".legacy").hasMessageContaining("LOCK TABLES")
                .hasMessageContaining("nothing was dropped");
        assertThat(TARGET.server().queryValue("SELECT keep_me FROM " + db + ".t")).isEqualTo("42");
        src.execute("GRANT LOCK TABLES ON " + db + ".* TO 'exp_nolock'@'%'");
        Exporter.builder().source(noLock).target(ExportTables.admin(TARGET.server())).databases(db)
                .snapshot(SnapshotMethod.CONSISTENT_SNAPSHOT).build().run();
        TableComparator.assertIdentical(src, TARGET.server(), db);
    }
}
