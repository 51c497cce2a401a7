package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.event.RowChange.Operation;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Wildcards, exclusions, ignored operation kinds and the ignore_thread rule for MariaDB. */
class FilterIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private String tables(String prefix, String... names) {
        String db = SOURCE.server().newDatabase(prefix);
        for (String n : names) {
            SOURCE.server().execute("CREATE TABLE " + db + "." + n + " (id INT PRIMARY KEY, v INT)");
        }
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        return db;
    }

    private ReplicatorBuilder task(String db) {
        return Replicator.builder().name(db).serverId(2101).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    @Test
    void wildcardsAndExclusionsChooseTheTables() {
        String db = tables("wild", "order_2024", "order_2025", "order_audit", "customer");
        try (Replicator r = task(db).tables("order_*").excludeTables(db + ".*_audit").build()) {
            r.start();
            for (String t : List.of("order_2024", "order_2025", "order_audit", "customer")) {
                SOURCE.server().execute("INSERT INTO " + db + "." + t + " VALUES (1, 1), (2, 2)");
            }
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        for (String t : List.of("order_2024", "order_2025")) {
            assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + "." + t)).as(t).isEqualTo("2");
        }
        for (String t : List.of("order_audit", "customer")) {
            assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + "." + t)).as(t).isEqualTo("0");
        }
    }

    @Test
    void ignoredOperationKindsAreNotApplied() {
        String db = tables("ignore_ops", "t");
        try (Replicator r = task(db).ignoreOperations(Operation.DELETE).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1, 1), (2, 2), (3, 3)",
                    "UPDATE " + db + ".t SET v = 20 WHERE id = 2", "DELETE FROM " + db + ".t WHERE id IN (1, 3)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().query("SELECT id, v FROM " + db + ".t ORDER BY id"))
                .containsExactly(List.of("1", "1"), List.of("2", "20"), List.of("3", "3"));

        String db2 = tables("ignore_inserts", "t");
        SOURCE.server().execute("INSERT INTO " + db2 + ".t VALUES (1, 1)");
        TARGET.server().execute("INSERT INTO " + db2 + ".t VALUES (1, 1)");
        try (Replicator r = task(db2).ignoreOperations(Operation.INSERT, Operation.UPDATE).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db2 + ".t VALUES (2, 2)", "UPDATE " + db2 + ".t SET v = 9",
                    "DELETE FROM " + db2 + ".t WHERE id = 1");
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db2 + ".t")).isEqualTo("0");
    }

    @Test
    void statementsThatEmptyATableAreNotAppliedWhenDeletesAreIgnoredAndTheLogSaysSo() {
        String db = tables("ignore_truncate", "t");
        SOURCE.server().execute("CREATE TABLE " + db + ".p (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id) "
                + "(PARTITION low VALUES LESS THAN (100), PARTITION high VALUES LESS THAN MAXVALUE)");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        List<String> logged;
        try (LogCapture log = new LogCapture(); Replicator r = task(db).ignoreOperations(Operation.DELETE).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1, 1), (2, 2)",
                    "INSERT INTO " + db + ".p VALUES (1, 1), (200, 2)",
                    "TRUNCATE TABLE " + db + ".t",
                    "ALTER TABLE " + db + ".p TRUNCATE PARTITION low",
                    "INSERT INTO " + db + ".t VALUES (3, 3)",
                    "ALTER TABLE " + db + ".t ADD COLUMN w INT");
            r.awaitCaughtUp(Duration.ofSeconds(30));
            logged = log.lines();
        }
        assertThat(TARGET.server().query("SELECT id, v, w IS NULL FROM " + db + ".t ORDER BY id"))
                .containsExactly(List.of("1", "1", "1"), List.of("2", "2", "1"), List.of("3", "3", "1"));
        assertThat(TARGET.server().query("SELECT id FROM " + db + ".p ORDER BY id"))
                .containsExactly(List.of("1"), List.of("200"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("TRUNCATE TABLE " + db + ".t")
                .contains("not applied").contains("DELETE"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("TRUNCATE PARTITION low").contains("not applied"));
    }

    @Test
    void ignoreThreadFailsClearlyOnMariaDb() {
        String db = tables("ignore_thread", "t");
        Replicator r = task(db).ignoreThreads(42).build();
        try {
            assertThatThrownBy(r::start).isInstanceOf(Iso2dbException.class)
                    .hasMessageContaining("ignoreThreads [42]").hasMessageContaining("MariaDB does not log")
                    .extracting(e -> ((Iso2dbException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        } finally {
            r.close();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void aTransactionPredicateSkipsWholeTransactionsAndTheirDdl() {
        String db = tables("txn_filter", "t");
        long next = Servers.gtidSequence(SOURCE.server()) + 1;
        String skipRows = "-" + (next + 1);
        String skipDdl = "-" + (next + 3);
        io.iso2db.filter.Filter skip = new io.iso2db.filter.Filter() {
            @Override
            public boolean includesTable(io.iso2db.event.TableId table) {
                return true;
            }

            @Override
            public boolean includesDatabase(String database) {
                return true;
            }

            @Override
            public boolean includesTransaction(String gtid) {
                return gtid == null || !(gtid.endsWith(skipRows) || gtid.endsWith(skipDdl));
            }
        };
        try (Replicator r = task(db).filter(skip).build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (1, 1)",                    // next
                    "INSERT INTO " + db + ".t VALUES (2, 2), (3, 3)",                             // next + 1: skipped
                    "INSERT INTO " + db + ".t VALUES (4, 4)",                                     // next + 2
                    "CREATE INDEX skipped_index ON " + db + ".t (v)",                             // next + 3: skipped
                    "INSERT INTO " + db + ".t VALUES (5, 5)");                                    // next + 4
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TARGET.server().query("SELECT id FROM " + db + ".t ORDER BY id"))
                .containsExactly(List.of("1"), List.of("4"), List.of("5"));
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                + db + "' AND INDEX_NAME = 'skipped_index'")).isEqualTo("0");
        assertThat(SOURCE.server().queryValue("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                + db + "' AND INDEX_NAME = 'skipped_index'")).isEqualTo("1");
    }
}
