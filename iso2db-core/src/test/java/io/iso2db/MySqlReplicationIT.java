package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MySqlContainerServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MySQL sources and targets (GTID uuid:interval sets); runs where Docker exists, skipped elsewhere. */
class MySqlReplicationIT {

    @ParameterizedTest(name = "MySQL {0}")
    @ValueSource(strings = {"5.7", "8.0"})
    void replicatesAndResumesByGtidOnMySql(String version) {
        try (MySqlContainerServer source = MySqlContainerServer.start(version, 1);
             MySqlContainerServer target = MySqlContainerServer.start(version, 2)) {
            String db = source.newDatabase("mysql_repl");
            Workload.createTables(source, db);
            Servers.copySchema(source, target, db);
            Position stored;
            try (Replicator r = Replicator.builder().name("mysql").serverId(1501).source(Servers.replication(source))
                    .target(Servers.admin(target)).databases(db).useGtid(true).build()) {
                r.start();
                Workload.run(source, db, 1, 300);
                r.awaitCaughtUp(Duration.ofSeconds(60));
                stored = r.position();
            }
            assertThat(stored.gtidSet()).hasValueSatisfying(g -> assertThat(g).matches("(?s)[0-9a-f-]{36}:.*"));
            Workload.run(source, db, 2, 300);
            try (Replicator r = Replicator.builder().name("mysql").serverId(1501).source(Servers.replication(source))
                    .target(Servers.admin(target)).databases(db).useGtid(true).resume().build()) {
                r.start();
                r.awaitCaughtUp(Duration.ofSeconds(60));
            }
            TableComparator.assertIdentical(source, target, db);
        }
    }

    @ParameterizedTest(name = "MySQL {0}")
    @ValueSource(strings = {"5.7", "8.0"})
    void transactionsOfAnIgnoredConnectionAreNotReplicated(String version) throws Exception {
        try (MySqlContainerServer source = MySqlContainerServer.start(version, 1);
             MySqlContainerServer target = MySqlContainerServer.start(version, 2)) {
            String db = source.newDatabase("mysql_threads");
            source.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, who VARCHAR(10))");
            Servers.copySchema(source, target, db);
            try (var ignored = source.connect(db); var st = ignored.createStatement()) {
                long id;
                try (var rs = st.executeQuery("SELECT CONNECTION_ID()")) {
                    rs.next();
                    id = rs.getLong(1);
                }
                try (Replicator r = Replicator.builder().name("mysql-threads").serverId(1502)
                        .source(Servers.replication(source)).target(Servers.admin(target)).databases(db)
                        .ignoreThreads(id).build()) {
                    r.start();
                    st.execute("INSERT INTO t VALUES (1, 'ignored')");
                    source.execute("INSERT INTO " + db + ".t VALUES (2, 'other')");
                    r.awaitCaughtUp(Duration.ofSeconds(60));
                }
            }
            assertThat(target.query("SELECT id FROM " + db + ".t")).containsExactly(java.util.List.of("2"));
        }
    }
}
