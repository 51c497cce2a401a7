package io.iso2db.internal.cluster;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.spi.Coordinator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.raft.Options;
import org.jgroups.raft.RaftHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code leader_mode}: the members listed in {@code cluster_nodes} form a JGroups cluster running
 * Raft (jgroups-raft); the Raft leader assigns every task to a live member through the replicated
 * log ({@link Assignments}), moving the tasks of members that left the view (at once when the view
 * changes) and evening out the load one task at a time; a member that shuts down writes the
 * reassignment of its own tasks before it leaves. A member runs a task while the log says it is the task's member and it
 * sees a Raft leader and a majority of the members; so a member cut off in a minority stops its
 * tasks, and the majority's leader gives them to others. With two members a majority is both:
 * either one down stops every task (use three to survive one failure).
 */
final class RaftCoordinator implements Coordinator {

    private static final Logger LOG = LoggerFactory.getLogger(RaftCoordinator.class);
    private static final long TICK_MS = 200;
    private static final long ASSIGN_EVERY_MS = 1_000;
    private static final long READ_TIMEOUT_MS = 2_000;
    private static final long HAND_OVER_TIMEOUT_MS = 1_500;

    private final ClusterMembers members;
    private final JChannel channel;
    private final RaftHandle raft;
    private final Assignments assignments = new Assignments();
    private final Map<String, LeaseListener> listeners = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iso2db-raft-coordinator");
        t.setDaemon(true);
        return t;
    });
    private long lastAssign;
    private List<String> lastLive = List.of();

    RaftCoordinator(String cluster, ClusterMembers members, Path logDir) {
        this.members = members;
        try {
            Files.createDirectories(logDir);
            channel = new JChannel(new ByteArrayInputStream(members.stack(logDir).getBytes(StandardCharsets.UTF_8)))
                    .name(members.self());
            raft = new RaftHandle(channel, assignments).raftId(members.self());
            channel.connect("iso2db-" + cluster);
        } catch (Exception e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "leader_mode: node " + members.self()
                    + " cannot join the cluster " + members.all() + ": " + e.getMessage(), e);
        }
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("Node {} joined cluster {} (leader_mode, members {}; a majority of {} must be up)", members.self(),
                cluster, members.all(), members.majority());
    }

    /** This member's JGroups channel (tests cut it off from the others). */
    JChannel channel() {
        return channel;
    }

    @Override
    public String node() {
        return members.self();
    }

    @Override
    public void join(String task, LeaseListener listener) {
        listeners.put(task, listener);
    }

    @Override
    public void leave(String task) {
        LeaseListener l = listeners.remove(task);
        if (l != null && held.remove(task)) {
            l.lost("task " + task + " left on this node");
        }
    }

    @Override
    public List<String> liveNodes() {
        List<String> live = new ArrayList<>();
        org.jgroups.View view = channel.getView();
        if (view != null) {
            for (Address a : view.getMembers()) {
                String name = a.toString();
                if (members.all().contains(name)) {
                    live.add(name);
                }
            }
        }
        live.sort(null);
        return live;
    }

    /**
     * Every tick a member reads the assignments through the Raft log (its own copy may lag behind
     * the commit) and starts or stops its tasks accordingly; the leader (re)assigns at once when
     * the view changes, and every second otherwise.
     */
    private void tick() {
        try {
            List<String> live = liveNodes();
            boolean viewChanged = !live.equals(lastLive);
            lastLive = live;
            Map<String, String> owners = confirmedOwners(live);
            boolean quorum = owners != null;
            long now = System.currentTimeMillis();
            if (quorum && raft.isLeader() && (viewChanged || now - lastAssign >= ASSIGN_EVERY_MS)) {
                lastAssign = now;
                assign(live);
            }
            for (Map.Entry<String, LeaseListener> e : listeners.entrySet()) {
                String task = e.getKey();
                boolean mine = quorum && members.self().equals(owners.get(task));
                if (mine && held.add(task)) {
                    LOG.info("Node {} runs task {} (assigned by the Raft leader)", members.self(), task);
                    e.getValue().granted();
                } else if (!mine && held.remove(task)) {
                    LOG.info("Node {} lost the lease of task {}", members.self(), task);
                    e.getValue().lost(quorum ? "task " + task + " assigned to " + owners.get(task)
                            : "no Raft leader or no majority of " + members.all() + " in view " + live);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("leader_mode tick failed: {}", e.toString());
        }
    }

    /**
     * The assignments as the current leader and a majority confirm them (a read through the Raft log),
     * or null without a leader or a majority: a member that was frozen or cut off and still believes an
     * old state learns here that it no longer runs its tasks, before it could start one.
     */
    private Map<String, String> confirmedOwners(List<String> live) {
        if (raft.leader() == null || live.size() < members.majority()) {
            return null;
        }
        try {
            byte[] read = Assignments.read();
            return Assignments.parse(raft.getAsync(read, 0, read.length, null).get(READ_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** On the leader: tasks of members gone go to the least loaded live member; then at most one task moves to even the load. */
    private void assign(List<String> live) {
        Map<String, Integer> load = new HashMap<>();
        live.forEach(m -> load.put(m, 0));
        List<String> orphans = new ArrayList<>();
        for (String task : listeners.keySet()) {
            String owner = assignments.owner(task);   // the leader's state machine is current
            if (owner == null || !load.containsKey(owner)) {
                orphans.add(task);
            } else {
                load.merge(owner, 1, Integer::sum);
            }
        }
        for (String task : orphans) {
            String target = leastLoaded(load);
            write(task, target, 5_000);
            load.merge(target, 1, Integer::sum);
        }
        if (orphans.isEmpty()) {
            String most = load.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            String least = leastLoaded(load);
            if (most != null && load.get(most) - load.get(least) > 1) {
                listeners.keySet().stream().filter(t -> most.equals(assignments.owner(t))).findFirst()
                        .ifPresent(t -> write(t, least, 5_000));
            }
        }
    }

    private static String leastLoaded(Map<String, Integer> load) {
        return load.entrySet().stream().min(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElseThrow();
    }

    /** Writes an assignment through the log (a member that is not the leader has it forwarded to the leader). */
    private void write(String task, String member, long timeoutMs) {
        try {
            byte[] cmd = Assignments.assign(task, member);
            raft.setAsync(cmd, 0, cmd.length, Options.create(false)).get(timeoutMs, TimeUnit.MILLISECONDS);
            LOG.info("Node {}: task {} → {}", members.self(), task, member);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Node {} could not assign task {} to {}: {}", members.self(), task, member, e.toString());
        }
    }

    /**
     * A clean shutdown gives this member's tasks to the least loaded other live members itself,
     * so they start them without waiting for the view change and the leader's next round.
     */
    private void handOver() {
        Map<String, Integer> load = new HashMap<>();
        liveNodes().stream().filter(m -> !m.equals(members.self())).forEach(m -> load.put(m, 0));
        if (load.isEmpty() || held.isEmpty()) {
            return;
        }
        assignments.all().values().forEach(m -> load.computeIfPresent(m, (k, n) -> n + 1));
        for (String task : List.copyOf(held)) {
            String target = leastLoaded(load);
            write(task, target, HAND_OVER_TIMEOUT_MS);
            load.merge(target, 1, Integer::sum);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handOver();
        for (String task : List.copyOf(held)) {
            LeaseListener l = listeners.get(task);
            held.remove(task);
            if (l != null) {
                l.lost("node " + members.self() + " is leaving the cluster");
            }
        }
        listeners.clear();
        channel.close();
    }
}
