package io.iso2db.examples;

import io.iso2db.Coordinators;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.spi.Coordinator;
import io.iso2db.testkit.MariaDbServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three nodes of a cluster in one JVM (leader_mode: Raft among the nodes, no ZooKeeper), each
 * given the same task: it runs on exactly one of them, fenced in the target. When that node
 * leaves, another takes the task over and goes on exactly where it stopped.
 */
public final class ThreeNodeCluster {

    private ThreeNodeCluster() {
    }

    public static void main(String[] args) throws Exception {
        try (MariaDbServer source = Servers.start(1); MariaDbServer target = Servers.start(2)) {
            for (MariaDbServer s : List.of(source, target)) {
                s.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT)");
            }
            List<String> members = new ArrayList<>();
            for (String name : List.of("n1", "n2", "n3")) {
                try (ServerSocket free = new ServerSocket(0)) {
                    members.add(name + "@127.0.0.1:" + free.getLocalPort());
                }
            }
            List<String> end = source.query("SHOW MASTER STATUS").get(0);
            Position from = Position.file(end.get(0), Long.parseLong(end.get(1)));   // the lease comes later
            Path data = Files.createTempDirectory("iso2db-raft-");
            List<Coordinator> nodes = new ArrayList<>();
            List<Replicator> replicas = new ArrayList<>();
            try {
                for (String name : List.of("n1", "n2", "n3")) {
                    Coordinator node = Coordinators.of("leader_mode", "example", name, members, data.resolve(name));
                    nodes.add(node);
                    Replicator r = Replicator.builder().name("orders").serverId(3101)
                            .source(Servers.replication(source)).target(Servers.admin(target)).databases("shop")
                            .resumeOrStartAt(from)
                            .coordinator(node)   // runs where the cluster says, fenced
                            .build();
                    r.start();
                    replicas.add(r);
                }
                for (int i = 0; i < 100; i++) {
                    source.execute("INSERT INTO shop.orders VALUES (" + i + ", " + i * 10 + ")");
                }
                int owner = awaitOwner(replicas);
                replicas.get(owner).awaitCaughtUp(Duration.ofSeconds(60));
                System.out.printf("node %s runs the task; it leaves%n", nodes.get(owner).node());
                replicas.get(owner).close();
                nodes.get(owner).close();
                for (int i = 100; i < 200; i++) {
                    source.execute("INSERT INTO shop.orders VALUES (" + i + ", " + i * 10 + ")");
                }
                int next = awaitOwner(replicas);
                replicas.get(next).awaitCaughtUp(Duration.ofSeconds(60));
                System.out.printf("node %s took the task over%n", nodes.get(next).node());
            } finally {
                replicas.forEach(Replicator::close);
                nodes.forEach(Coordinator::close);
                try (var files = Files.walk(data)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Servers.proveIdentical(source, "shop", target, "shop", List.of("orders"));
        }
    }

    /** The index of the replicator whose node runs the task, once one does. */
    private static int awaitOwner(List<Replicator> replicas) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < replicas.size(); i++) {
                Replicator r = replicas.get(i);
                if (r.isOwner() && r.failure() == null && r.position() != null) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no node took the task within 60 s");
    }
}
