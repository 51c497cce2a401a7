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

/** A MEDIUMBLOB at its maximum (16 MB − 1 byte) is inserted, updated and deleted. */
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
                .databases(db).build()) {
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
}
