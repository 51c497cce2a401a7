package io.iso2db;

import io.iso2db.spi.Coordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The cluster coordinators on the class path ({@code iso2db-cluster} brings {@code zk_mode} and
 * {@code leader_mode}), found with {@link ServiceLoader}.
 */
public final class Coordinators {

    private Coordinators() {
    }

    /**
     * Connects this node to a cluster.
     *
     * @param type    {@code zk_mode} (servers: ZooKeeper {@code host:port}s) or {@code leader_mode}
     *                (servers: the members, {@code host:port} or {@code name@host:port})
     * @param cluster the cluster's name
     * @param node    this node's name (for {@code leader_mode} one of the members)
     * @param dataDir where the coordinator may keep state across restarts (the Raft log)
     * @throws Iso2dbException {@code INVALID_CONFIGURATION} when no coordinator of that type is on the class path
     */
    public static Coordinator of(String type, String cluster, String node, List<String> servers, Path dataDir) {
        Coordinator.Factory f = factory(type);
        if (f == null) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "No coordinator of type " + type
                    + " on the class path: add io.iso2db:iso2db-cluster");
        }
        return f.create(cluster, node, servers, dataDir);
    }

    /**
     * A coordinator of one node that grants every lease at once: a task given it runs fenced on this
     * node, as it would in a cluster of one (a single node's tasks need no coordinator otherwise).
     */
    public static Coordinator standalone(String node) {
        return new StandaloneCoordinator(node);
    }

    /** Whether a coordinator of {@code type} is on the class path. */
    public static boolean available(String type) {
        return factory(type) != null;
    }

    private static final class StandaloneCoordinator implements Coordinator {
        private final String node;
        private final java.util.Map<String, LeaseListener> held = new java.util.concurrent.ConcurrentHashMap<>();

        StandaloneCoordinator(String node) {
            this.node = node;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public void join(String task, LeaseListener listener) {
            if (held.putIfAbsent(task, listener) == null) {
                listener.granted();
            }
        }

        @Override
        public void leave(String task) {
            LeaseListener l = held.remove(task);
            if (l != null) {
                l.lost("task " + task + " left");
            }
        }

        @Override
        public List<String> liveNodes() {
            return List.of(node);
        }

        @Override
        public void close() {
            List.copyOf(held.keySet()).forEach(this::leave);
        }
    }

    private static Coordinator.Factory factory(String type) {
        for (Coordinator.Factory f : ServiceLoader.load(Coordinator.Factory.class)) {
            if (f.type().equals(type)) {
                return f;
            }
        }
        return null;
    }
}
