package io.iso2db.examples;

import io.iso2db.Replicator;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;

/**
 * One shop database feeding a reporting server: some tables only, deletes kept out (the
 * reporting copy keeps history), and the data landing in a database of another name.
 */
public final class FiltersAndRouting {

    private FiltersAndRouting() {
    }

    public static void main(String[] args) throws Exception {
        try (MariaDbServer shop = Servers.start(1); MariaDbServer reporting = Servers.start(2)) {
            shop.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT)",
                    "CREATE TABLE shop.order_items (id INT PRIMARY KEY, order_id INT)",
                    "CREATE TABLE shop.sessions (id INT PRIMARY KEY, token VARCHAR(40))");
            reporting.execute("CREATE DATABASE shop_history", "CREATE TABLE shop_history.orders (id INT PRIMARY KEY, total INT)",
                    "CREATE TABLE shop_history.order_items (id INT PRIMARY KEY, order_id INT)");
            try (Replicator r = Replicator.builder().name("reporting").serverId(2201)
                    .source(Servers.replication(shop)).target(Servers.admin(reporting))
                    .databases("shop").tables("order*")          // orders and order_items, not sessions
                    .ignoreOperations(Operation.DELETE)          // history stays on the reporting side
                    .route("shop", "shop_history")               // under another database name
                    .build()) {
                r.start();
                shop.execute("INSERT INTO shop.orders VALUES (1, 10), (2, 20)", "INSERT INTO shop.order_items VALUES (1, 1)",
                        "INSERT INTO shop.sessions VALUES (1, 'secret')", "UPDATE shop.orders SET total = 11 WHERE id = 1",
                        "DELETE FROM shop.orders WHERE id = 2");
                r.awaitCaughtUp(Duration.ofSeconds(60));
            }
            System.out.println("reporting orders: " + reporting.query("SELECT id, total FROM shop_history.orders ORDER BY id"));
            if (!reporting.query("SELECT id, total FROM shop_history.orders ORDER BY id")
                    .equals(List.of(List.of("1", "11"), List.of("2", "20")))) {
                throw new IllegalStateException("the deleted order should stay in the reporting copy");
            }
            Servers.proveIdentical(shop, "shop", reporting, "shop_history", List.of("order_items"));
        }
    }
}
