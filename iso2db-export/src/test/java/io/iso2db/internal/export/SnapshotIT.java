package io.iso2db.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.ConnectionSettings;
import io.iso2db.Iso2dbException;
import io.iso2db.export.SnapshotMethod;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lock-free snapshots that report one binlog position hold exactly the transactions before it, while
 * writers commit as fast as they can and a monitor polls {@code SHOW GLOBAL STATUS} (MariaDB keeps the
 * {@code binlog_snapshot_*} values in process-wide variables that every such query overwrites).
 */
class SnapshotIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);

    private static final int WRITERS = 1;
    private static final int SNAPSHOTS = 100;

    @Test
    void snapshotsSharingAPositionHoldExactlyTheTransactionsBeforeIt() throws Exception {
        DbServer src = SOURCE.server();
        String db = src.newDatabase("snapshot");
        src.execute("USE " + db, "CREATE TABLE commits (writer INT PRIMARY KEY, n BIGINT NOT NULL)",
                "INSERT INTO commits SELECT seq, 0 FROM seq_1_to_" + WRITERS);
        long gtidBase = gtidSeq(src.queryValue("SELECT @@gtid_binlog_pos"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<Thread> load = new ArrayList<>();
        for (int w = 1; w <= WRITERS; w++) {
            String sql = "UPDATE commits SET n = n + 1 WHERE writer = " + w;
            load.add(loop(src, db, stop, error, st -> st.executeUpdate(sql)));
        }
        load.add(loop(src, db, stop, error, st -> st.executeQuery("SHOW GLOBAL STATUS LIKE 'binlog_snapshot_%'").close()));
        load.forEach(Thread::start);
        ConnectionSettings cs = ConnectionSettings.of(src.host(), src.port(), src.adminUser(), src.adminPassword());
        List<String> wrong = new ArrayList<>();
        int opened = 0;
        try {
            for (int i = 0; i < SNAPSHOTS; i++) {
                if (i % 10 == 0) {
                    src.execute("FLUSH BINARY LOGS"); // the GTID lookup reads the position's file from its start
                }
                Snapshot snapshot;
                try {
                    snapshot = Snapshot.start(Snapshot.connect(cs, 4), cs, SnapshotMethod.CONSISTENT_SNAPSHOT, true, false, true);
                } catch (Iso2dbException busy) {
                    continue; // no common position in 50 attempts: allowed, and says so
                }
                try (snapshot) {
                    opened++;
                    long atPosition = gtidSeq(snapshot.position.gtidSet().orElseThrow()) - gtidBase;
                    List<Long> seen = new ArrayList<>();
                    for (Connection c : snapshot.connections) {
                        seen.add(commitsSeen(c, db));
                    }
                    if (seen.stream().anyMatch(n -> n != atPosition)) {
                        wrong.add(snapshot.position + " holds " + atPosition + " commits, the snapshots saw " + seen);
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
        }
        assertThat(error.get()).isNull();
        assertThat(opened).as("snapshots opened").isGreaterThan(SNAPSHOTS / 2);
        assertThat(wrong).as("snapshots whose data differs from their reported position").isEmpty();
    }

    private static long commitsSeen(Connection c, String db) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT SUM(n) FROM " + db + ".commits")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The sequence number of a single-domain MariaDB GTID position such as {@code 0-1-42}. */
    private static long gtidSeq(String gtid) {
        return Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1).trim());
    }

    private interface Step {
        void run(Statement st) throws Exception;
    }

    private static Thread loop(DbServer src, String db, AtomicBoolean stop, AtomicReference<Throwable> error, Step step) {
        return new Thread(() -> {
            try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    step.run(st);
                }
            } catch (Throwable e) {
                error.compareAndSet(null, e);
            }
        });
    }
}
