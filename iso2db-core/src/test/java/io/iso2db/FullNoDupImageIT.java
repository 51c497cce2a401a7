package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.Backend;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * MariaDB 11.4's {@code binlog_row_image=FULL_NODUP} (a session may choose it whatever the server's
 * setting): the whole before image, but only the changed columns in an UPDATE's after image. The
 * columns left out keep their values on the target, as on a native replica.
 */
class FullNoDupImageIT {

    @Test
    void updatesLoggedWithoutTheirUnchangedColumnsKeepThoseColumnsOnTheTarget() throws Exception {
        try (MariaDbServer source = MariaDbServer.builder().backend(Backend.EMBEDDED).serverId(71).start();
             MariaDbServer target = MariaDbServer.builder().backend(Backend.EMBEDDED).serverId(72).start()) {
            String t = "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10) DEFAULT 'x', c BLOB, e INT DEFAULT 7)";
            String k = "CREATE TABLE k (a INT, b INT, c VARCHAR(5))";
            for (MariaDbServer s : new MariaDbServer[] {source, target}) {
                s.execute("CREATE DATABASE nodup", "USE nodup", t, k);
            }
            try (Replicator r = Replicator.builder().name("nodup").serverId(4171)
                    .source(Servers.replication(source)).target(Servers.admin(target)).databases("nodup").build()) {
                r.start();
                source.execute("INSERT INTO nodup.t VALUES (1, 1, 'one', 'blob1', 1), (2, 2, 'two', 'blob2', 2),"
                        + " (3, 3, 'three', 'blob3', 3)", "INSERT INTO nodup.k VALUES (1, 1, 'p'), (2, 2, 'q'), (2, 2, 'q')");
                try (Connection c = DriverManager.getConnection("jdbc:mysql://" + source.host() + ":" + source.port()
                        + "/nodup?useSSL=false&allowPublicKeyRetrieval=true", source.adminUser(), source.adminPassword());
                     Statement st = c.createStatement()) {
                    st.execute("SET SESSION binlog_row_image = 'FULL_NODUP'");
                    st.execute("UPDATE t SET b = 'm' WHERE id = 1");
                    st.execute("UPDATE t SET a = a + 10, c = 'changed' WHERE id >= 2");
                    st.execute("START TRANSACTION");
                    st.execute("UPDATE t SET e = 30 WHERE id = 3");
                    st.execute("UPDATE t SET id = 4 WHERE id = 3");
                    st.execute("INSERT INTO t (id, a) VALUES (5, 5)");
                    st.execute("UPDATE t SET b = 'five' WHERE id = 5");
                    st.execute("COMMIT");
                    st.execute("UPDATE k SET c = 'r' WHERE a = 2 LIMIT 1");
                    st.execute("UPDATE k SET b = 9 WHERE a = 1");
                    st.execute("DELETE FROM t WHERE id = 2");
                }
                r.awaitCaughtUp(Duration.ofSeconds(60));
                assertThat(r.failure()).isNull();
            }
            TableComparator.assertIdentical(source, target, "nodup");
            assertThat(target.query("SELECT id, a, b, CAST(c AS CHAR), e FROM nodup.t ORDER BY id"))
                    .containsExactly(java.util.List.of("1", "1", "m", "blob1", "1"),
                            java.util.List.of("4", "13", "three", "changed", "30"),
                            java.util.Arrays.asList("5", "5", "five", null, "7"));
        }
    }
}
