package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows of 16 MB BLOBs exported by 8 workers at once in an export limited to a 256 MB heap. */
class ExportMemoryIT {

    private static final int TABLES = 8;
    private static final int ROWS_PER_TABLE = 3;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void sixteenMegabyteBlobRowsExportThroughA256MbHeapWithEightWorkers() {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("export_blobs");
        for (int t = 1; t <= TABLES; t++) {
            // 16,000,000 bytes a row, a quarter of them bytes LOAD DATA escapes (NUL, tab, newline, backslash)
            src.execute("USE " + db, "CREATE TABLE b" + t + " (id INT PRIMARY KEY, v LONGBLOB)",
                    "INSERT INTO b" + t + " SELECT seq, REPEAT(CONCAT(X'00090A5C', RANDOM_BYTES(1020)), 15625)"
                            + " FROM seq_1_to_" + ROWS_PER_TABLE);
        }
        List<String> args = List.of(src.host(), String.valueOf(src.port()), src.adminUser(), src.adminPassword(),
                dst.host(), String.valueOf(dst.port()), dst.adminUser(), dst.adminPassword(), db, "8", "100");
        try (ChildJvm child = ChildJvm.start(ExportMain.class, List.of("-Xmx256m"), args)) {
            int exit = child.awaitExit(Duration.ofMinutes(10));
            assertThat(child.output()).doesNotContain("OutOfMemoryError").contains("DONE " + TABLES * ROWS_PER_TABLE);
            assertThat(exit).isZero();
        }
        assertThat(dst.queryValue("SELECT SUM(LENGTH(v)) FROM " + db + ".b1")).isEqualTo(String.valueOf(ROWS_PER_TABLE * 16_000_000L));
        TableComparator.assertIdentical(src, dst, db);
    }
}
