package io.iso2db.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * leader_mode under a network partition: the member running the task is cut off from the other
 * two (JGroups' DISCARD drops every message to and from it) while its process runs on. The
 * minority side stops the task by itself, the majority takes it over, and when the partition
 * heals the returning member stays on standby; the ledger proves nothing was lost or doubled.
 */
class LeaderModePartitionIT {

    @TempDir
    Path dir;

    @Test
    void theCutOffMemberStopsItsTaskTheMajorityTakesItOverAndNothingIsLostOrDoubled() throws Exception {
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer target = MariaDbServer.builder().serverId(2).start()) {
            for (MariaDbServer s : List.of(source, target)) {
                s.execute("CREATE DATABASE shop", "CREATE TABLE shop.ledger (token VARCHAR(40) NOT NULL)");
            }
            List<String> status = source.query("SHOW MASTER STATUS").get(0);
            Position from = Position.file(status.get(0), Long.parseLong(status.get(1)));
            List<String> names = List.of("n1", "n2", "n3");
            List<String> members = new ArrayList<>();
            for (String n : names) {
                try (ServerSocket free = new ServerSocket(0)) {
                    members.add(n + "@127.0.0.1:" + free.getLocalPort());
                }
            }
            List<RaftCoordinator> nodes = new ArrayList<>();
            List<Replicator> replicas = new ArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    source.execute("INSERT INTO shop.ledger VALUES ('t-" + written.incrementAndGet() + "')");
                }
            }, "ledger-writer");
            try {
                for (String n : names) {
                    RaftCoordinator node = new RaftCoordinator("partition", new ClusterMembers(n, members),
                            dir.resolve(n));
                    nodes.add(node);
                    Replicator r = Replicator.builder().name("shop").serverId(3301)
                            .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(),
                                    source.replicationPassword()))
                            .target(ConnectionSettings.of(target.host(), target.port(), target.adminUser(),
                                    target.adminPassword()))
                            .databases("shop").resumeOrStartAt(from).coordinator(node).build();
                    r.start();
                    replicas.add(r);
                }
                writer.start();
                int owner = awaitOwner(replicas, -1);
                await("the first owner to apply", () -> count(target) > 20);

                DISCARD cut = new DISCARD();
                cut.setAddress(nodes.get(owner).channel().getAddress());
                nodes.get(owner).channel().getProtocolStack().insertProtocol(cut, ProtocolStack.Position.ABOVE, TP.class);
                long t0 = System.nanoTime();
                cut.discardAll(true);

                Replicator cutOff = replicas.get(owner);
                await("the cut-off member to stop its task", () -> !cutOff.isOwner());
                long stopped = System.nanoTime();
                int next = awaitOwner(replicas, owner);
                long before = count(target);
                await("the new owner to apply", () -> count(target) > before);
                System.out.printf("[partition] member %s cut off: stopped its task after %d ms; %s applied after %d ms%n",
                        nodes.get(owner).node(), (stopped - t0) / 1_000_000, nodes.get(next).node(),
                        (System.nanoTime() - t0) / 1_000_000);

                cut.discardAll(false);   // the partition heals: the member merges back and stays on standby
                await("the returning member to see all three", () -> nodes.get(owner).liveNodes().size() == 3);
                writing.set(false);
                writer.join();
                replicas.get(next).awaitCaughtUp(Duration.ofSeconds(60));
                assertThat(count(target)).isEqualTo(written.get()).isEqualTo(count(source));
                assertThat(target.queryValue("SELECT COUNT(DISTINCT token) FROM shop.ledger"))
                        .isEqualTo(Long.toString(written.get()));
                TableComparator.assertIdentical(source, target, "shop");
                assertThat(cutOff.isOwner()).isFalse();
                assertThat(replicas.get(next).failure()).isNull();
                assertThat(Long.parseLong(target.queryValue("SELECT epoch FROM iso2db.checkpoint WHERE task = 'shop'")))
                        .isGreaterThanOrEqualTo(2);
            } finally {
                writing.set(false);
                writer.join();
                replicas.forEach(Replicator::close);
                nodes.forEach(RaftCoordinator::close);
            }
        }
    }

    /** The index of the replicator that runs the task, other than {@code not}. */
    private static int awaitOwner(List<Replicator> replicas, int not) throws InterruptedException {
        int[] found = {-1};
        await("a member to run the task", () -> {
            for (int i = 0; i < replicas.size(); i++) {
                if (i != not && replicas.get(i).isOwner() && replicas.get(i).position() != null) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long count(MariaDbServer s) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM shop.ledger"));
    }
}
