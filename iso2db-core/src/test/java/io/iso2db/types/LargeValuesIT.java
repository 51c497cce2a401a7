package io.iso2db.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Servers;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Values as large as the columns hold, and rows larger than the target takes in one statement. */
class LargeValuesIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void sixteenMegabyteBlobsArriveIdentical() {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("large_values");
        dst.execute("CREATE DATABASE " + db);
        try (Replicator r = Replicator.builder().name(db).serverId(2001)
                .source(Servers.replication(src))
                .target(Servers.admin(dst))
                .databases(db).compareBeforeImage(true).build()) {
            r.start();
            src.execute("CREATE TABLE " + db + ".blobs (id INT PRIMARY KEY, b MEDIUMBLOB, t LONGTEXT)",
                    "INSERT INTO " + db + ".blobs VALUES (1, REPEAT(0xA5, 16777215), REPEAT('ü', 4000000)),"
                            + " (2, REPEAT(0x00, 16777215), '')",
                    "UPDATE " + db + ".blobs SET b = CONCAT(LEFT(b, 16777214), 0x01) WHERE id = 1",
                    "DELETE FROM " + db + ".blobs WHERE id = 2");
            r.awaitCaughtUp(Duration.ofSeconds(120));
            assertThat(r.failure()).isNull();
        }
        assertThat(dst.queryValue("SELECT LENGTH(b) FROM " + db + ".blobs WHERE id = 1")).isEqualTo("16777215");
        TableComparator.assertIdentical(src, dst, db);
    }

    /**
     * A target whose max_allowed_packet (16 MB, MariaDB's default) is smaller than the statement
     * that carries a row's change (new value and before image): the task stops, naming the
     * transaction, the table and the setting, and the target keeps the row as it was.
     */
    @Test
    void aRowTooLargeForTheTargetsPacketLimitStopsTheTaskNamingTheSetting() throws Exception {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("packet_limit");
        dst.execute("CREATE DATABASE " + db);
        src.execute("CREATE TABLE " + db + ".blobs (id INT PRIMARY KEY, b MEDIUMBLOB)",
                "INSERT INTO " + db + ".blobs VALUES (1, REPEAT(0xA5, 12000000))");
        Servers.copySchema(src, dst, db);
        dst.execute("INSERT INTO " + db + ".blobs VALUES (1, REPEAT(0xA5, 12000000))");
        dst.execute("SET GLOBAL max_allowed_packet = 16777216");
        try (Replicator r = Replicator.builder().name(db).serverId(2002)
                .source(Servers.replication(src))
                .target(Servers.admin(dst))
                .databases(db).compareBeforeImage(true).build()) {
            r.start();
            src.execute("UPDATE " + db + ".blobs SET b = REPEAT(0x5A, 12000000) WHERE id = 1");
            assertThatThrownBy(() -> r.awaitCaughtUp(Duration.ofSeconds(120)))
                    .isInstanceOf(Iso2dbException.class)
                    .hasMessageContaining("max_allowed_packet")
                    .hasMessageContaining(db + ".blobs")
                    .hasMessageContaining("GTID");
            assertThat(r.failure().code()).isEqualTo(ErrorCode.APPLY_FAILED);
        } finally {
            dst.execute("SET GLOBAL max_allowed_packet = 67108864");
        }
        assertThat(dst.queryValue("SELECT HEX(LEFT(b, 2)) FROM " + db + ".blobs WHERE id = 1")).isEqualTo("A5A5");
    }
}
