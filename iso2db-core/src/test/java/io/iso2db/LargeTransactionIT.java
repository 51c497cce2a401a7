package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A 2M-row source transaction replicates through a replicator limited to a 256 MB heap. */
class LargeTransactionIT {

    private static final int ROWS = 2_000_000;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void twoMillionRowTransactionStreamsThroughA256MbHeap() throws Exception {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("large_txn");
        src.execute("CREATE TABLE " + db + ".big (id INT PRIMARY KEY, payload VARCHAR(200), n BIGINT)");
        Servers.copySchema(src, dst, db);
        var status = src.query("SHOW MASTER STATUS").get(0);
        Position start = Position.file(status.get(0), Long.parseLong(status.get(1)));
        // ~2M rows x ~160 bytes: far more than the heap if the transaction were held in memory
        src.execute("INSERT INTO " + db + ".big SELECT seq, REPEAT(CHAR(65 + seq % 26), 150), seq * 7 FROM " + db + ".seq_1_to_" + ROWS);

        List<String> args = List.of(src.host(), String.valueOf(src.port()), src.replicationUser(), src.replicationPassword(),
                dst.host(), String.valueOf(dst.port()), dst.adminUser(), dst.adminPassword(), db, "801",
                start.toString(), "target");
        long t0 = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(ReplicatorMain.class, List.of("-Xmx256m"), args)) {
            long deadline = System.currentTimeMillis() + 600_000;
            while (!child.output().contains("STARTED")) {
                assertThat(child.isAlive()).as("replicator died:\n%s", child.output()).isTrue();
                Thread.sleep(50);
            }
            // the checkpoint table appears with the task's first write; then its row must move past the start
            while ("0".equals(dst.queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'iso2db'"
                    + " AND TABLE_NAME = 'checkpoint'")) || !"1".equals(dst.queryValue("SELECT COUNT(*) FROM"
                    + " iso2db.checkpoint WHERE task = 'crash' AND binlog_pos > " + start.offset()))) {
                assertThat(child.isAlive()).as("replicator died:\n%s", child.output()).isTrue();
                assertThat(System.currentTimeMillis()).as("timed out").isLessThan(deadline);
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[iso2db] 2M-row transaction applied in %.1f s (%.0f rows/s, -Xmx256m, JVM start included)%n",
                    seconds, ROWS / seconds);
            assertThat(child.output()).doesNotContain("OutOfMemoryError").doesNotContain("FAILED");
        }
        assertThat(dst.queryValue("SELECT COUNT(*) FROM " + db + ".big")).isEqualTo(String.valueOf(ROWS));
        TableComparator.assertIdentical(src, dst, db);
    }
}
