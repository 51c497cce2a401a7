package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Applied changes reach the target's binlog only when asked to (seed destination binlog=True, for chains). */
class TargetBinlogIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private long targetBinlogTransactionsAfterApplying(String db, boolean targetBinlog) {
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        long before = Servers.gtidSequence(TARGET.server());
        try (Replicator r = Replicator.builder().name(db).serverId(1401).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).targetBinlog(targetBinlog)
                .preserveTransactionBoundaries().build()) {   // one target commit per source transaction, to count them
            r.start();
            for (int i = 0; i < 10; i++) {
                SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (" + i + ")");
            }
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("10");
        return Servers.gtidSequence(TARGET.server()) - before;
    }

    @Test
    void appliedChangesStayOutOfTheTargetBinlogByDefault() {
        assertThat(targetBinlogTransactionsAfterApplying(SOURCE.server().newDatabase("no_binlog"), false)).isZero();
    }

    @Test
    void appliedChangesAreBinloggedWhenTargetBinlogIsOn() {
        assertThat(targetBinlogTransactionsAfterApplying(SOURCE.server().newDatabase("with_binlog"), true))
                .isGreaterThanOrEqualTo(10);
    }
}
