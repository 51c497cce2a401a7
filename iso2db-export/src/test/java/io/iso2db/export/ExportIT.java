package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.TableId;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every table kind copied identically with 1, 4 and 8 threads; chunk keys chosen by priority; progress told. */
class ExportIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @org.junit.jupiter.api.Test
    void secondaryIndexesBuiltAfterTheLoadEndUpAsOnTheSourceForeignKeysIncluded() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_indexes");
        src.execute("USE " + db,
                "CREATE TABLE sec (id INT PRIMARY KEY, a INT, b VARCHAR(10), c TEXT, KEY ia (a), KEY iba (b, a),"
                        + " UNIQUE KEY ub (b), KEY ic (c(20)) COMMENT 'prefix')",
                "INSERT INTO sec SELECT seq, seq % 97, CONCAT('b', seq), REPEAT('c', seq % 50) FROM seq_1_to_3000",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "INSERT INTO parent SELECT seq FROM seq_1_to_100",
                "CREATE TABLE child (id INT PRIMARY KEY, p INT, KEY ip (p), CONSTRAINT fk FOREIGN KEY (p) REFERENCES parent (id))",
                "INSERT INTO child SELECT seq, 1 + seq % 100 FROM seq_1_to_2000");
        Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server())).databases(db)
                .threads(4).chunkRows(500).build().run();
        TableComparator.assertIdentical(src, TARGET.server(), db);
        for (String t : List.of("sec", "parent", "child")) {
            assertThat(showCreate(TARGET.server(), db, t)).as(t).isEqualTo(showCreate(src, db, t));
        }
    }

    private static String showCreate(DbServer s, String db, String table) {
        return s.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`").get(0).get(1).replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 4, 8})
    void copiesEveryTableKindIdentically(int threads) {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_kinds");
        ExportTables.create(src, db, 5_000);
        TARGET.server().execute("CREATE DATABASE IF NOT EXISTS " + db, "CREATE TABLE " + db + ".autoinc (stale INT)",
                "INSERT INTO " + db + ".autoinc VALUES (1)");
        List<ExportProgress> progress = new CopyOnWriteArrayList<>();
        ExportResult r = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(threads).chunkRows(500).listener(progress::add).build().run();

        TableComparator.assertIdentical(src, TARGET.server(), db);
        Map<String, ExportResult.TableCopy> byName = r.tables().stream()
                .collect(Collectors.toMap(t -> t.table().table(), Function.identity()));
        assertThat(byName.keySet()).containsExactlyInAnyOrder(ExportTables.KINDS);
        assertThat(byName.get("autoinc").chunkKey()).isEqualTo("auto-increment");
        assertThat(byName.get("composite").chunkKey()).isEqualTo("primary key");
        assertThat(byName.get("uniq").chunkKey()).isEqualTo("unique key");
        assertThat(byName.get("idx").chunkKey()).isEqualTo("index");
        assertThat(byName.get("noindex").chunkKey()).isEqualTo("none");
        assertThat(byName.get("noindex").chunks()).isEqualTo(1);
        // 5,500 rows in chunks of 500 despite the gap of 10^12 in the ids: no empty or giant chunks
        assertThat(byName.get("autoinc").rows()).isEqualTo(5_501);
        assertThat(byName.get("autoinc").chunks()).isBetween(11, 12);
        assertThat(byName.get("composite").chunks()).isBetween(10, 11);
        for (ExportResult.TableCopy t : r.tables()) {
            assertThat(t.rows()).as(t.table().toString()).isEqualTo(Long.parseLong(src.queryValue(
                    "SELECT COUNT(*) FROM " + t.table().quoted())));
        }
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).rows()).isEqualTo(r.rows());
        assertThat(r.position().binlogFile()).isPresent();
        assertThat(r.position().gtidSet()).isPresent();
    }

    @Test
    void aMillionRowTableWithEightThreads() {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("export_million");
        src.execute("USE " + db, "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, k INT, c CHAR(60), pad CHAR(40))",
                "INSERT INTO " + db + ".big SELECT seq, seq % 1000, MD5(seq), SHA1(seq) FROM seq_1_to_1000000");
        long t0 = System.nanoTime();
        ExportResult r = Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(TARGET.server()))
                .databases(db).threads(8).build().run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[iso2db] export of 1,000,000 rows with 8 threads: %.1f s (%.0f rows/s) on %s%n", seconds,
                1_000_000 / seconds, src.version());
        assertThat(r.rows()).isEqualTo(1_000_000);
        assertThat(r.tables().get(0).chunks()).isEqualTo(20);
        TableComparator.assertIdentical(src, TARGET.server(), db);
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + new TableId(db, "big").quoted())).isEqualTo("1000000");
    }
}
