package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB source whose transactions come in several GTID domains (multi-source or multi-writer
 * setups give each writer its own): the checkpoint holds the last GTID of each, and a resume by
 * GTID alone applies exactly what each domain wrote since. Servers of its own: other tests read
 * the source's GTID position as one domain's.
 */
class GtidDomainsIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    /** Inserts rows {@code from} .. {@code from + n - 1}, three in domain 0, then three in domain 5, and so on. */
    private static void write(String db, int from, int n) {
        for (int i = from; i < from + n; i++) {
            int domain = (i / 3) % 2 == 0 ? 0 : 5;
            SOURCE.server().execute("SET SESSION gtid_domain_id = " + domain,
                    "INSERT INTO `" + db + "`.t VALUES (" + i + ", " + domain + ")");
        }
    }

    private static ReplicatorBuilder task(String db, CheckpointStore store) {
        return Replicator.builder().name(db).serverId(421).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).checkpointStore(store).useGtid(true);
    }

    @Test
    void aResumeByGtidAppliesExactlyWhatEachDomainWroteSince() {
        String db = SOURCE.server().newDatabase("domains");
        SOURCE.server().execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, domain INT)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        CheckpointStore memory = CheckpointStores.inMemory();
        try (Replicator r = task(db, memory).build()) {
            r.start();
            write(db, 0, 40);
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        Position stored = memory.load().orElseThrow();
        assertThat(stored.gtidSet()).hasValueSatisfying(g -> assertThat(g).contains("0-1-").contains("5-1-"));
        write(db, 40, 40);
        try (Replicator r = task(db, CheckpointStores.inMemory()).startAt(Position.gtid(stored.gtidSet().orElseThrow()))
                .build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.transactionsApplied()).isEqualTo(40);
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }
}
