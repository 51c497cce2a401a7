package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode as operators run it: three service nodes as child JVMs, on a three-server ZooKeeper
 * ensemble (zk_mode) or in Raft among themselves (leader_mode); six tasks over two source/target
 * pairs with a writer on every source database and ledger tables without a key. An owner killed
 * with -9, an owner stopped with SIGTERM and an owner frozen with SIGSTOP past its session: each
 * task moves, and at the end every target holds each token exactly once.
 */
class ClusterIT {

    private static final List<String> TASKS = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
    /** The tasks whose owners the failover test kills, stops and freezes. */
    private static final List<String> MOVED = List.of("alpha", "beta", "gamma");

    @TempDir
    Path dir;

    private Path node(String name, String cluster) throws Exception {
        Path conf = dir.resolve(name);
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("iso.conf"), "[global]\ninclude = ../include\ncluster = True\n" + cluster
                + "\nhost = " + name + "\nmetrics_port = 0\nmetrics_host = 127.0.0.1\n");
        return conf.resolve("iso.conf");
    }

    /** Source and target servers; task i replicates pair i mod n. */
    private record Pairs(List<MariaDbServer> sources, List<MariaDbServer> targets) implements AutoCloseable {
        static Pairs start(int n) {
            List<MariaDbServer> sources = new ArrayList<>();
            List<MariaDbServer> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sources.add(MariaDbServer.builder().serverId(10 + i).start());
                targets.add(MariaDbServer.builder().serverId(20 + i).start());
            }
            return new Pairs(sources, targets);
        }

        MariaDbServer source(String task) {
            return sources.get(TASKS.indexOf(task) % sources.size());
        }

        MariaDbServer target(String task) {
            return targets.get(TASKS.indexOf(task) % targets.size());
        }

        long sourceCount(String task) {
            return count(source(task), task);
        }

        long targetCount(String task) {
            return count(target(task), task);
        }

        @Override
        public void close() {
            sources.forEach(MariaDbServer::close);
            targets.forEach(MariaDbServer::close);
        }
    }

    private void tasks(Pairs pairs) throws Exception {
        Files.createDirectories(dir.resolve("include"));
        int id = 5100;
        for (String t : TASKS) {
            MariaDbServer source = pairs.source(t);
            MariaDbServer target = pairs.target(t);
            source.execute("CREATE DATABASE " + t, "CREATE TABLE " + t + ".ledger (token VARCHAR(40) NOT NULL)");
            target.execute("CREATE DATABASE " + t, "CREATE TABLE " + t + ".ledger (token VARCHAR(40) NOT NULL)");
            List<List<String>> status = source.query("SHOW MASTER STATUS");
            Files.writeString(dir.resolve("include/" + t + ".conf"), "[global]\nserver_id = " + (++id)
                    + "\ndaemon = True\n[source]\nhost = 127.0.0.1\nport = " + source.port() + "\nuser_name = "
                    + source.replicationUser() + "\nuser_password = " + source.replicationPassword()
                    + "\ndatabases = " + t + "\nbinlog_file = " + status.get(0).get(0) + "\nstart_position = "
                    + status.get(0).get(1) + "\n[destination]\ndhost = 127.0.0.1\ndport = " + target.port()
                    + "\nduser = " + target.adminUser() + "\ndpassword = " + target.adminPassword() + "\n");
        }
    }

    @Test
    void zkModeTasksSpreadMoveOnKillTermAndFreezeAndNothingIsLostOrDoubled() throws Exception {
        try (TestingCluster zk = new TestingCluster(3)) {
            zk.start();
            failovers("zk_mode", n -> node(n, "cluster_type = zk_mode\nzk_hosts = " + zk.getConnectString()));
        }
    }

    @Test
    void leaderModeTasksSpreadMoveOnKillTermAndFreezeAndNothingIsLostOrDoubled() throws Exception {
        List<String> members = new ArrayList<>();
        for (String n : List.of("n1", "n2", "n3")) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                members.add(n + "@127.0.0.1:" + s.getLocalPort());
            }
        }
        failovers("leader_mode", n -> node(n, "cluster_type = leader_mode\ncluster_nodes = " + String.join(",", members)
                + "\nraft_log_dir = ../raft-" + n));
    }

    private interface NodeConf {
        Path of(String node) throws Exception;
    }

    private void failovers(String mode, NodeConf conf) throws Exception {
        try (Pairs pairs = Pairs.start(2)) {
            tasks(pairs);
            Map<String, ServiceProcess> nodes = new HashMap<>();
            LedgerWriter writer = new LedgerWriter(pairs, "t-");
            List<String> failovers = new ArrayList<>();
            try {
                for (String n : List.of("n1", "n2", "n3")) {
                    nodes.put(n, ServiceProcess.start(n, conf.of(n)));
                }
                writer.start();
                ServiceProcess any = nodes.get("n1");
                any.awaitUntil(() -> owners(nodes).size() == TASKS.size() && nodes.values().stream()
                        .allMatch(p -> p.tasksIn("RUNNING").size() == TASKS.size() / 3));   // spread evenly

                failovers.add(moveOwnerOf("alpha", nodes, pairs, p -> p.jvm.kill(), "kill -9"));
                failovers.add(moveOwnerOf("beta", nodes, pairs, p -> {
                    p.jvm.terminate();
                    assertThat(p.jvm.awaitExit(Duration.ofSeconds(10))).as(p.jvm.output()).isZero();
                }, "SIGTERM"));
                any.awaitUntil(() -> owners(nodes).containsKey("gamma"));
                ServiceProcess frozen = nodes.get(owners(nodes).get("gamma"));
                failovers.add(moveOwnerOf("gamma", nodes, pairs, p -> p.jvm.signal("STOP"), "SIGSTOP"));
                frozen.jvm.signal("CONT");
                // woken, it learns it lost the task, or its first commit is refused (FENCED)
                frozen.awaitUntil(() -> frozen.jvm.output().contains("lost the lease of task gamma")
                        || frozen.jvm.output().contains("FENCED"));
                frozen.awaitUntil(() -> !frozen.tasksIn("RUNNING").contains("gamma"));

                writer.stop();
                any = nodes.values().stream().filter(p -> p.jvm.isAlive()).findFirst().orElseThrow();
                any.awaitUntil(() -> TASKS.stream().allMatch(t -> pairs.targetCount(t) == pairs.sourceCount(t)));
                for (String t : TASKS) {
                    TableComparator.assertIdentical(pairs.source(t), pairs.target(t), t);
                    assertThat(pairs.target(t).queryValue("SELECT COUNT(DISTINCT token) FROM " + t + ".ledger"))
                            .as("tokens of " + t + " unique").isEqualTo(Long.toString(pairs.sourceCount(t)));
                }
                assertThat(TASKS.stream().mapToLong(pairs::targetCount).sum()).isEqualTo(writer.written());
                for (String t : TASKS) {
                    long epoch = Long.parseLong(pairs.target(t).queryValue("SELECT epoch FROM iso2db.checkpoint WHERE task = '"
                            + t + "'"));
                    assertThat(epoch).as("epoch of " + t).isGreaterThanOrEqualTo(MOVED.contains(t) ? 2 : 1);
                }
                System.out.println("[cluster] " + mode + " failover to the first transaction applied by the new owner: "
                        + String.join("; ", failovers));
                if (mode.equals("leader_mode")) {
                    // two of three members gone: the survivor has no majority and stops every task it ran
                    any.awaitUntil(() -> owners(nodes).size() == TASKS.size());
                    String runs = owners(nodes).get("alpha");
                    ServiceProcess survivor = nodes.get(runs);
                    for (ServiceProcess p : nodes.values()) {
                        if (p != survivor && p.jvm.isAlive()) {
                            p.jvm.kill();
                        }
                    }
                    survivor.awaitUntil(() -> survivor.tasksIn("RUNNING").isEmpty());
                    assertThat(survivor.jvm.output()).contains("no Raft leader or no majority");
                }
            } finally {
                writer.stop();
                nodes.values().forEach(ServiceProcess::close);
            }
        }
    }

    @Test
    void losingTheZooKeeperQuorumStopsTheTasksCleanlyAndNeverLeavesTwoOwners() throws Exception {
        try (TestingCluster zk = new TestingCluster(3);
             Pairs pairs = Pairs.start(1)) {
            zk.start();
            tasks(pairs);
            Map<String, ServiceProcess> nodes = new HashMap<>();
            LedgerWriter writer = new LedgerWriter(pairs, "q-");
            try {
                for (String n : List.of("n1", "n2")) {
                    nodes.put(n, ServiceProcess.start(n, node(n, "cluster_type = zk_mode\nzk_hosts = "
                            + zk.getConnectString())));
                }
                writer.start();
                ServiceProcess n1 = nodes.get("n1");
                n1.awaitUntil(() -> owners(nodes).size() == TASKS.size());
                List<org.apache.curator.test.InstanceSpec> servers = new ArrayList<>(zk.getInstances());
                zk.killServer(servers.get(0));
                zk.killServer(servers.get(1));
                n1.awaitUntil(() -> {
                    assertThat(runningTwice(nodes)).as("a task running on two nodes").isEmpty();
                    return owners(nodes).isEmpty();   // without a quorum every node stops its tasks
                });
                zk.restartServer(servers.get(0));
                zk.restartServer(servers.get(1));
                n1.awaitUntil(() -> {
                    assertThat(runningTwice(nodes)).as("a task running on two nodes").isEmpty();
                    return owners(nodes).size() == TASKS.size();
                });
                long before = TASKS.stream().mapToLong(pairs::targetCount).sum();
                n1.awaitUntil(() -> TASKS.stream().mapToLong(pairs::targetCount).sum() > before + 30);
                writer.stop();
                n1.awaitUntil(() -> TASKS.stream().allMatch(t -> pairs.targetCount(t) == pairs.sourceCount(t)));
                for (String t : TASKS) {
                    TableComparator.assertIdentical(pairs.source(t), pairs.target(t), t);
                }
                assertThat(TASKS.stream().mapToLong(pairs::targetCount).sum()).isEqualTo(writer.written());
            } finally {
                writer.stop();
                nodes.values().forEach(ServiceProcess::close);
            }
        }
    }

    /** Tasks that two live nodes report RUNNING at the same time. */
    private static List<String> runningTwice(Map<String, ServiceProcess> nodes) {
        Map<String, Integer> seen = new HashMap<>();
        for (ServiceProcess p : nodes.values()) {
            p.tasksIn("RUNNING").forEach(t -> seen.merge(t, 1, Integer::sum));
        }
        return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /** Inserts one unique token per transaction into the tasks' ledgers, round robin, until stopped. */
    private static final class LedgerWriter {
        private final AtomicBoolean writing = new AtomicBoolean(true);
        private final AtomicLong written = new AtomicLong();
        private final Thread thread;

        LedgerWriter(Pairs pairs, String prefix) {
            thread = new Thread(() -> {
                while (writing.get()) {
                    long n = written.incrementAndGet();
                    String task = TASKS.get((int) (n % TASKS.size()));
                    pairs.source(task).execute("INSERT INTO " + task + ".ledger VALUES ('" + prefix + n + "')");
                }
            });
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            writing.set(false);
            if (thread.isAlive()) {
                thread.join();
            }
        }

        long written() {
            return written.get();
        }
    }

    private interface Fault {
        void apply(ServiceProcess owner) throws Exception;
    }

    /** Applies {@code fault} to the owner of {@code task}, waits until another node applies it, restarts a dead node. */
    private String moveOwnerOf(String task, Map<String, ServiceProcess> nodes, Pairs pairs, Fault fault,
                               String what) throws Exception {
        ServiceProcess anyNode = nodes.values().stream().filter(p -> p.jvm.isAlive()).findFirst().orElseThrow();
        anyNode.awaitUntil(() -> owners(nodes).containsKey(task));
        String ownerName = owners(nodes).get(task);
        ServiceProcess owner = nodes.get(ownerName);
        long t0 = System.nanoTime();
        fault.apply(owner);
        long before = pairs.targetCount(task);
        ServiceProcess other = nodes.values().stream().filter(p -> p != owner && p.jvm.isAlive()).findFirst()
                .orElseThrow();
        other.awaitUntil(() -> {
            String now = owners(nodes, owner).get(task);
            return now != null && !now.equals(ownerName) && pairs.targetCount(task) > before;
        });
        String measured = what + " of " + ownerName + " (task " + task + "): "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
        if (!owner.jvm.isAlive()) {
            nodes.put(ownerName, ServiceProcess.start(ownerName, dir.resolve(ownerName).resolve("iso.conf")));
        }
        return measured;
    }

    private static Map<String, String> owners(Map<String, ServiceProcess> nodes) {
        return owners(nodes, null);
    }

    /** Which node runs each task, asking every live node but {@code skip} (a frozen node cannot answer). */
    private static Map<String, String> owners(Map<String, ServiceProcess> nodes, ServiceProcess skip) {
        Map<String, String> owners = new HashMap<>();
        for (ServiceProcess p : nodes.values()) {
            if (p != skip && p.jvm.isAlive()) {
                for (String t : p.tasksIn("RUNNING")) {
                    owners.put(t, p.name);
                }
            }
        }
        return owners;
    }

    private static void awaitOutput(ServiceProcess p, String text) throws InterruptedException {
        p.awaitUntil(() -> p.jvm.output().contains(text));
    }

    private static long count(MariaDbServer s, String db) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM " + db + ".ledger"));
    }
}
