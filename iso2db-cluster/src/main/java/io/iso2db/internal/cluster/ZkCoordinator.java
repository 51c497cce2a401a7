package io.iso2db.internal.cluster;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.spi.Coordinator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code zk_mode}: one Curator {@link LeaderLatch} per task under {@code /iso2db/<cluster>/tasks},
 * live nodes as ephemeral nodes under {@code /iso2db/<cluster>/nodes}.
 *
 * <p>Failover time: a node that dies (kill -9, power) keeps its latch until ZooKeeper expires its
 * session, {@value #SESSION_TIMEOUT_MS} ms; the next node in the latch's queue then takes the task
 * over. A clean shutdown closes the latches, handing the tasks over at once. A node that loses its
 * connection loses its leaderships as soon as Curator reports SUSPENDED (Curator's standard error
 * policy), before its session can expire, so it stops its tasks before anyone else starts them —
 * and fencing in the target covers a node too frozen to notice.
 *
 * <p>Placement: a task's preferred node (by the task name's hash over the sorted live nodes) joins
 * its latch at once, the others {@value #PLACEMENT_DELAY_MS} ms later, so tasks spread over the
 * nodes alive at start; a node holding more than its share hands one task at a time back to the
 * queue (never while it is the only candidate), so nodes that join later get work. A node that
 * returns does not take tasks back from a healthy owner beyond that share.
 */
final class ZkCoordinator implements Coordinator {

    private static final Logger LOG = LoggerFactory.getLogger(ZkCoordinator.class);
    static final int SESSION_TIMEOUT_MS = 6_000;
    private static final int CONNECTION_TIMEOUT_MS = 3_000;
    static final long PLACEMENT_DELAY_MS = 2_000;
    private static final long REBALANCE_EVERY_MS = 5_000;

    private final String node;
    private final CuratorFramework client;
    private final PersistentNode registration;
    private final Map<String, LeaderLatch> latches = new ConcurrentHashMap<>();
    private final Map<String, LeaseListener> listeners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iso2db-zk-coordinator");
        t.setDaemon(true);
        return t;
    });

    ZkCoordinator(String cluster, String node, List<String> servers) {
        this.node = node;
        this.client = CuratorFrameworkFactory.builder().connectString(String.join(",", servers))
                .sessionTimeoutMs(SESSION_TIMEOUT_MS).connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
                .retryPolicy(new ExponentialBackoffRetry(250, 29, 2_000)).namespace("iso2db/" + cluster).build();
        client.start();
        try {
            if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                client.close();
                throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "ZooKeeper " + servers + " (zk_hosts) did not"
                        + " answer within 30 s");
            }
            registration = new PersistentNode(client, CreateMode.EPHEMERAL, false, "/nodes/" + node,
                    node.getBytes(StandardCharsets.UTF_8));
            registration.start();
            registration.waitForInitialCreate(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Interrupted while connecting to ZooKeeper " + servers);
        }
        scheduler.scheduleWithFixedDelay(this::rebalance, REBALANCE_EVERY_MS, REBALANCE_EVERY_MS, TimeUnit.MILLISECONDS);
        LOG.info("Node {} joined cluster {} on ZooKeeper {} (session timeout {} ms)", node, cluster, servers,
                SESSION_TIMEOUT_MS);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void join(String task, LeaseListener listener) {
        listeners.put(task, listener);
        long delay = preferred(task) ? 0 : PLACEMENT_DELAY_MS;
        scheduler.schedule(() -> compete(task), delay, TimeUnit.MILLISECONDS);
    }

    private void compete(String task) {
        LeaseListener listener = listeners.get(task);
        if (listener == null || latches.containsKey(task)) {
            return;   // left meanwhile, or already competing
        }
        LeaderLatch latch = new LeaderLatch(client, "/tasks/" + task, node, LeaderLatch.CloseMode.NOTIFY_LEADER);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                LOG.info("Node {} holds the lease of task {}", node, task);
                listener.granted();
            }

            @Override
            public void notLeader() {
                LOG.info("Node {} lost the lease of task {}", node, task);
                listener.lost("lease of task " + task + " lost (ZooKeeper connection suspended or lost, or released)");
            }
        });
        latches.put(task, latch);
        try {
            latch.start();
        } catch (Exception e) {
            latches.remove(task);
            LOG.warn("Node {} cannot compete for task {}: {}", node, task, e.toString());
        }
    }

    @Override
    public void leave(String task) {
        listeners.remove(task);
        release(task);
    }

    private void release(String task) {
        LeaderLatch latch = latches.remove(task);
        if (latch != null) {
            try {
                latch.close();
            } catch (Exception e) {
                LOG.debug("Closing the latch of task {}: {}", task, e.toString());
            }
        }
    }

    /** Hands one task back to the queue when this node holds more than its share and others wait for it. */
    private void rebalance() {
        try {
            List<String> live = liveNodes();
            if (live.size() < 2 || listeners.isEmpty()) {
                return;
            }
            long share = (listeners.size() + live.size() - 1) / live.size();
            List<String> held = new ArrayList<>();
            latches.forEach((task, latch) -> {
                if (latch.hasLeadership()) {
                    held.add(task);
                }
            });
            if (held.size() <= share) {
                return;
            }
            for (String task : held) {
                LeaderLatch latch = latches.get(task);
                if (latch != null && latch.getParticipants().size() > 1) {
                    LOG.info("Node {} holds {} tasks, more than its share of {} over {} nodes: handing {} over",
                            node, held.size(), share, live.size(), task);
                    release(task);
                    scheduler.schedule(() -> compete(task), PLACEMENT_DELAY_MS, TimeUnit.MILLISECONDS);
                    return;
                }
            }
        } catch (Exception e) {
            LOG.debug("Rebalance skipped: {}", e.toString());
        }
    }

    private boolean preferred(String task) {
        List<String> live = liveNodes();
        return live.isEmpty() || live.get(Math.floorMod(task.hashCode(), live.size())).equals(node);
    }

    @Override
    public List<String> liveNodes() {
        try {
            List<String> nodes = new ArrayList<>(client.getChildren().forPath("/nodes"));
            nodes.sort(null);
            return nodes;
        } catch (Exception e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        listeners.clear();
        for (String task : List.copyOf(latches.keySet())) {
            release(task);
        }
        try {
            registration.close();
        } catch (Exception e) {
            LOG.debug("Closing the node registration: {}", e.toString());
        }
        client.close();
    }
}
