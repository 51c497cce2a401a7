package io.iso2db.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.CheckpointStores;
import io.iso2db.ConflictPolicy;
import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.internal.apply.ApplyOptions;
import io.iso2db.internal.apply.FormerSessions;
import io.iso2db.internal.apply.Grouping;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.route.Routes;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paths of the parallel applier that a MariaDB source in ROW format does not produce (a ROLLBACK
 * event after rows: MySQL, or a future server), driven directly against a real target.
 */
class ParallelApplierIT {

    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void aTransactionRolledBackWhileItStreamedAloneLetsTheLaterTransactionsCommit() throws Exception {
        MariaDbServer target = TARGET.server();
        String db = target.newDatabase("streamed_rollback");
        target.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        ConnectionSettings admin = ConnectionSettings.of(target.host(), target.port(), target.adminUser(),
                target.adminPassword());
        CheckpointStore store = CheckpointStores.inTarget();
        store.open(new CheckpointStore.Context(new CheckpointStore.Key(db, 1401), admin, false));
        ApplyOptions options = new ApplyOptions(db, Grouping.OFF, null, ConflictPolicy.FAIL, Routes.none(), true,
                c -> { }, Duration.ZERO, new FormerSessions());
        List<Position> committed = new CopyOnWriteArrayList<>();
        ParallelApplier applier = new ParallelApplier(admin, false, store, options, 2, committed::add);
        try {
            TableSchema t = applier.definitions().get(new TableId(db, "t"));
            applier.begin("0-1-1", 0);
            for (int i = 0; i <= ParallelApplier.MAX_UNIT_ROWS; i++) {   // one more than a unit holds: it streams
                applier.row(new RowOp(t, Operation.INSERT, null, new Object[] {i}));
            }
            applier.rollbackTransaction();
            applier.begin("0-1-2", 0);
            applier.row(new RowOp(t, Operation.INSERT, null, new Object[] {-1}));
            Position after = Position.file("mysql-bin.000001", 1000);
            applier.commit(after);
            Position settled = CompletableFuture.supplyAsync(applier::commitGroup).get(60, TimeUnit.SECONDS);
            assertThat(settled).isEqualTo(after);
        } finally {
            applier.close();
            store.close();
        }
        assertThat(target.query("SELECT id FROM " + db + ".t")).containsExactly(List.of("-1"));
    }
}
