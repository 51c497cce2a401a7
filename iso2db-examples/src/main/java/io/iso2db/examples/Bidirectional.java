package io.iso2db.examples;

import io.iso2db.LoopControl;
import io.iso2db.Replicator;
import io.iso2db.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;

/**
 * Two regions that both take writes, each replicating to the other with loop control: every
 * change crosses once and never comes back, and a schema change made in one region reaches both.
 */
public final class Bidirectional {

    private Bidirectional() {
    }

    public static void main(String[] args) throws Exception {
        try (MariaDbServer eu = Servers.start(1); MariaDbServer us = Servers.start(2)) {
            for (MariaDbServer s : List.of(eu, us)) {
                s.execute("CREATE DATABASE geo", "CREATE TABLE geo.accounts (id INT PRIMARY KEY, region VARCHAR(2),"
                        + " balance INT)");
                LoopControl.installMarkerTable(Servers.admin(s));
            }
            try (Replicator euToUs = link("eu-to-us", 2101, eu, 1, us, 2);
                 Replicator usToEu = link("us-to-eu", 2102, us, 2, eu, 1)) {
                for (int i = 0; i < 50; i++) {
                    eu.execute("INSERT INTO geo.accounts VALUES (" + i + ", 'eu', 100)");
                    us.execute("INSERT INTO geo.accounts VALUES (" + (1000 + i) + ", 'us', 100)");
                }
                eu.execute("ALTER TABLE geo.accounts ADD COLUMN note VARCHAR(20) NULL");
                euToUs.awaitCaughtUp(Duration.ofSeconds(60));
                us.execute("UPDATE geo.accounts SET balance = balance + 1, note = 'us' WHERE region = 'us'");
                eu.execute("UPDATE geo.accounts SET balance = balance - 1, note = 'eu' WHERE region = 'eu'");
                for (int round = 0; round < 2; round++) {   // the second round proves nothing came back
                    euToUs.awaitCaughtUp(Duration.ofSeconds(60));
                    usToEu.awaitCaughtUp(Duration.ofSeconds(60));
                }
                System.out.printf("eu→us applied %d transactions, us→eu %d%n", euToUs.transactionsApplied(),
                        usToEu.transactionsApplied());
            }
            Servers.proveIdentical(eu, "geo", us, "geo", List.of("accounts"));
        }
    }

    private static Replicator link(String name, int serverId, MariaDbServer from, int fromRegion, MariaDbServer to,
                                   int toRegion) {
        Replicator r = Replicator.builder().name(name).serverId(serverId).source(Servers.replication(from))
                .target(Servers.admin(to)).databases("geo")
                .targetBinlog(true)                                       // the other region reads what we apply
                .loopControl(LoopControl.regions(fromRegion, toRegion))   // ...and skips it when it comes back
                .build();
        r.start();
        return r;
    }
}
