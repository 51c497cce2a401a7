package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableFilterIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void bareTableNamesMatchInEveryReplicatedDatabaseAndOthersAreSkipped() {
        String one = SOURCE.server().newDatabase("filter_one");
        String two = SOURCE.server().newDatabase("filter_two");
        for (String db : List.of(one, two)) {
            SOURCE.server().execute("CREATE TABLE " + db + ".wanted (id INT PRIMARY KEY, v VARCHAR(10))",
                    "CREATE TABLE " + db + ".unwanted (id INT PRIMARY KEY, v VARCHAR(10))");
            Servers.copySchema(SOURCE.server(), TARGET.server(), db);
            // a target table that could not take the source's rows: it must never be touched
            TARGET.server().execute("DROP TABLE " + db + ".unwanted", "CREATE TABLE " + db + ".unwanted (other INT)");
        }
        try (Replicator r = Replicator.builder().name("filter").serverId(1101).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(one, two).tables("wanted").build()) {
            r.start();
            for (String db : List.of(one, two)) {
                for (int i = 0; i < 50; i++) {
                    SOURCE.server().execute("INSERT INTO " + db + ".wanted VALUES (" + i + ", 'w')",
                            "INSERT INTO " + db + ".unwanted VALUES (" + i + ", 'u')");
                }
                SOURCE.server().execute("UPDATE " + db + ".unwanted SET v = 'x'", "DELETE FROM " + db + ".wanted WHERE id < 10");
            }
            r.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(r.failure()).isNull();
            assertThat(r.rowsApplied()).isEqualTo(2 * (50 + 10));
        }
        for (String db : List.of(one, two)) {
            var cmp = TableComparator.compare(SOURCE.server(), db, TARGET.server(), db, List.of("wanted"));
            assertThat(cmp.identical()).as(cmp.report()).isTrue();
            assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".unwanted")).isEqualTo("0");
        }
    }
}
