package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.spi.ReplicationListener;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Source and target go away mid-stream; the task reconnects and loses nothing. */
class ServerRestartIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void survivesSourceCrashAndTargetCrashMidStream() {
        String db = SOURCE.server().newDatabase("restarts");
        Workload.createTables(SOURCE.server(), db);
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        AtomicInteger reconnects = new AtomicInteger();
        try (Replicator r = Replicator.builder().name("restarts").serverId(701)
                .source(Servers.replication(SOURCE.server())).target(Servers.admin(TARGET.server())).databases(db)
                .listener(new ReplicationListener() {
                    @Override
                    public void onStateChange(State state, Iso2dbException error) {
                        if (state == State.RECONNECTING) {
                            reconnects.incrementAndGet();
                        }
                    }
                }).build()) {
            r.start();
            Workload.run(SOURCE.server(), db, 11, 300);
            SOURCE.server().kill();
            SOURCE.server().restart();
            Workload.run(SOURCE.server(), db, 12, 300);
            r.awaitCaughtUp(Duration.ofSeconds(60));

            Workload.run(SOURCE.server(), db, 13, 300);
            TARGET.server().kill();
            TARGET.server().restart();
            Workload.run(SOURCE.server(), db, 14, 300);
            r.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(r.failure()).isNull();
        }
        assertThat(reconnects.get()).isGreaterThanOrEqualTo(1);
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }
}
