package io.iso2db.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Servers;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TIMESTAMP values stay the same instants when source, target and JVM each use another time zone;
 * and replication works without {@code binlog_row_metadata=FULL} (no column names in TABLE_MAP).
 */
class TimeZoneAndMetadataIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.custom(b -> b.serverId(1)
            .binlogRowMetadata("MINIMAL").extraArgs("--default-time-zone=+05:00"));
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.custom(b -> b.serverId(2).extraArgs("--default-time-zone=-03:00"));

    @Test
    void timestampsKeepTheirInstantAcrossThreeTimeZonesWithMinimalRowMetadata() throws Exception {
        TimeZone jvm = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        try {
            DbServer src = SOURCE.server();
            DbServer dst = TARGET.server();
            assertThat(src.queryValue("SELECT @@binlog_row_metadata")).isEqualTo("MINIMAL");
            String db = src.newDatabase("tz");
            dst.execute("CREATE DATABASE " + db);
            try (Replicator r = Replicator.builder().name(db).serverId(1901)
                    .source(Servers.replication(src))
                    .target(Servers.admin(dst))
                    .databases(db).compareBeforeImage(true).build()) {
                r.start();
                try (var c = src.connect(db); var st = c.createStatement()) {
                    st.execute("SET time_zone = '+05:00'");
                    st.execute("CREATE TABLE ts (id INT, t TIMESTAMP(6) NULL, d DATETIME(6), n VARCHAR(10))");
                    st.execute("INSERT INTO ts VALUES (1, '2024-03-31 01:30:00.123456', '2024-03-31 01:30:00.123456', 'a'),"
                            + " (2, '1970-01-01 05:00:01', '1970-01-01 05:00:01', 'b'), (3, NULL, NULL, 'c')");
                    st.execute("UPDATE ts SET n = 'changed' WHERE id = 1");   // keyless: found by its TIMESTAMP too
                }
                r.awaitCaughtUp(Duration.ofSeconds(30));
                assertThat(r.failure()).isNull();
            }
            assertThat(dst.query("SELECT UNIX_TIMESTAMP(t), n FROM " + db + ".ts ORDER BY id"))
                    .isEqualTo(src.query("SELECT UNIX_TIMESTAMP(t), n FROM " + db + ".ts ORDER BY id"));
            assertThat(dst.queryValue("SELECT UNIX_TIMESTAMP(t) FROM " + db + ".ts WHERE id = 2")).isEqualTo("1.000000");
            TableComparator.assertIdentical(src, dst, db);
        } finally {
            TimeZone.setDefault(jvm);
        }
    }
}
