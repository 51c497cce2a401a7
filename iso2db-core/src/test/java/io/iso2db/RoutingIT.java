package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Source databases and tables applied under other names, rows and DDL. */
class RoutingIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void aDatabaseAndATableLandUnderTheirRoutedNamesWithTheirDdl() {
        String src = SOURCE.server().newDatabase("route_src");
        String dst = src + "_eu";
        String archive = src + "_archive";
        SOURCE.server().execute("CREATE TABLE " + src + ".items (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE " + src + ".orders (id INT PRIMARY KEY, total DECIMAL(8,2))");
        TARGET.server().execute("CREATE DATABASE " + dst, "CREATE DATABASE " + archive,
                "CREATE TABLE " + dst + ".items (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE " + archive + ".orders_2025 (id INT PRIMARY KEY, total DECIMAL(8,2))");
        try (Replicator r = Replicator.builder().name(src).serverId(3701).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(src).route(src, dst)
                .route(src + ".orders", archive + ".orders_2025").build()) {
            r.start();
            SOURCE.server().execute("INSERT INTO " + src + ".items VALUES (1, 'a'), (2, 'b')",
                    "INSERT INTO " + src + ".orders VALUES (10, 9.99), (11, 5.00)",
                    "UPDATE " + src + ".items SET name = 'B' WHERE id = 2", "DELETE FROM " + src + ".orders WHERE id = 11",
                    "USE " + src, "ALTER TABLE items ADD COLUMN qty INT DEFAULT 0",
                    "ALTER TABLE " + src + ".orders ADD COLUMN paid BOOL DEFAULT 0",
                    "CREATE TABLE " + src + ".extra (k VARCHAR(5) PRIMARY KEY)",
                    "INSERT INTO " + src + ".extra VALUES ('x')", "UPDATE " + src + ".orders SET paid = 1",
                    "INSERT INTO " + src + ".items VALUES (3, 'c', 7)");
            r.awaitCaughtUp(Duration.ofSeconds(30));
        }
        assertThat(TableComparator.compare(SOURCE.server(), src, TARGET.server(), dst, List.of("items", "extra")).identical())
                .isTrue();
        assertThat(TARGET.server().query("SELECT id, total, paid FROM " + archive + ".orders_2025"))
                .containsExactly(List.of("10", "9.99", "1"));
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + src + "'")).as("nothing lands under the source name").isEqualTo("0");
    }

    @Test
    void aRouteFromADatabaseThatIsNotReplicatedIsRefused() {
        assertThatThrownBy(() -> Replicator.builder().name("r").serverId(3702).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases("shop").route("crm", "crm2").build())
                .isInstanceOf(Iso2dbException.class).hasMessageContaining("route from [crm]");
        assertThatThrownBy(() -> Replicator.builder().route("shop.t", "other"))
                .hasMessageContaining("two database names or two db.table names");
    }
}
