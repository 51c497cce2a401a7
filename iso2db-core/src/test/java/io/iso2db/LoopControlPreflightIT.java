package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loop control refuses to start where it could not prevent echoes; nothing is written on the target then. */
class LoopControlPreflightIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);
    @RegisterExtension
    static final MariaDbExtension IGNORING = MariaDbExtension.custom(b -> b.serverId(3)
            .extraArgs("--binlog-ignore-db=iso2db"));

    private static String schemaOn(DbServer... servers) {
        String db = SOURCE.server().newDatabase("loop_pre");
        for (DbServer s : servers) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        }
        return db;
    }

    private static Iso2dbException startFails(String db, DbServer target) {
        Replicator r = Replicator.builder().name(db).serverId(3501).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(target)).databases(db).targetBinlog(true)
                .loopControl(LoopControl.regions(1, target.serverId())).build();
        try {
            r.start();
        } catch (Iso2dbException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.LOOP_CONTROL_NOT_READY);
            return e;
        } finally {
            r.close();
        }
        throw new AssertionError("start() did not fail");
    }

    @Test
    void refusesWhenTheMarkerTableIsMissing() {
        String db = schemaOn(SOURCE.server(), TARGET.server());
        TARGET.server().execute("DROP TABLE IF EXISTS iso2db.marker");
        Iso2dbException e = startFails(db, TARGET.server());
        assertThat(e).hasMessageContaining("iso2db.marker is missing").hasMessageContaining("installMarkerTable");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = 'iso2db' AND TABLE_NAME = 'checkpoint'")).isEqualTo("0");
    }

    @Test
    void refusesNonTransactionalReplicatedTables() {
        String db = schemaOn(SOURCE.server(), TARGET.server());
        LoopControl.installMarkerTable(Servers.admin(TARGET.server()));
        for (DbServer s : new DbServer[] {SOURCE.server(), TARGET.server()}) {
            s.execute("CREATE TABLE " + db + ".legacy (id INT PRIMARY KEY) ENGINE=Aria TRANSACTIONAL=0");
        }
        assertThat(startFails(db, TARGET.server())).hasMessageContaining(db + ".legacy (Aria on the source)")
                .hasMessageContaining(db + ".legacy (Aria on the target)").hasMessageContaining("excludeTables");
    }

    @Test
    void refusesWhenTheMarkerIsFilteredOutOfTheTargetBinlog() {
        String db = schemaOn(SOURCE.server(), IGNORING.server());
        LoopControl.installMarkerTable(Servers.admin(IGNORING.server()));
        assertThat(startFails(db, IGNORING.server())).hasMessageContaining("filtered out of the binlog")
                .hasMessageContaining("binlog_ignore_db=[iso2db]");
    }
}
