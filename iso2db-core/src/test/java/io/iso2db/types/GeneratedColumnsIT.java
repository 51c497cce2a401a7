package io.iso2db.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Servers;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generated columns (virtual and stored) are computed by the target, never written; rows are still found. */
class GeneratedColumnsIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void virtualAndStoredColumnsArriveComputedWithAndWithoutKey() {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("generated");
        dst.execute("CREATE DATABASE " + db);
        String columns = "a INT, b INT AS (a * 2) VIRTUAL, c VARCHAR(20) AS (CONCAT('x', a)) STORED, d INT DEFAULT 7";
        try (Replicator r = Replicator.builder().name(db).serverId(1801)
                .source(Servers.replication(src))
                .target(Servers.admin(dst))
                .databases(db).compareBeforeImage(true).build()) {
            r.start();
            src.execute("CREATE TABLE " + db + ".keyed (id INT PRIMARY KEY, " + columns + ")",
                    "CREATE TABLE " + db + ".keyless (id INT, " + columns + ")",
                    "CREATE TABLE " + db + ".key_on_stored (id INT, " + columns + ", UNIQUE KEY (c))");
            for (String t : new String[] {"keyed", "keyless", "key_on_stored"}) {
                src.execute("INSERT INTO " + db + "." + t + " (id, a) VALUES (1, 1), (2, 2), (3, NULL)",
                        "UPDATE " + db + "." + t + " SET a = a + 10 WHERE id = 2",
                        "UPDATE " + db + "." + t + " SET d = 8 WHERE id = 3",
                        "DELETE FROM " + db + "." + t + " WHERE id = 1");
            }
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
        }
        var cmp = TableComparator.assertIdentical(src, dst, db);
        assertThat(cmp.rowsCompared()).isEqualTo(6);
        assertThat(dst.query("SELECT a, b, c, d FROM " + db + ".keyless ORDER BY id"))
                .containsExactly(java.util.List.of("12", "24", "x12", "7"), java.util.Arrays.asList(null, null, null, "8"));
    }
}
