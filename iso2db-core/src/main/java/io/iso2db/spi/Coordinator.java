package io.iso2db.spi;

import java.util.List;

/**
 * Decides which node runs each task: a task runs only on the node that holds its lease (cluster
 * mode). Election alone never prevents a double apply — a paused node can believe it still holds a
 * lease that moved — so the service runs every coordinated task {@code fenced()}: the take-over
 * raises an epoch in the target that every commit checks.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} through {@link Factory}
 * ({@code iso2db-cluster} brings {@code zk_mode}); listeners are called on the coordinator's own
 * threads and must return quickly.
 */
public interface Coordinator extends AutoCloseable {

    /** Told when this node gains or loses a task's lease. */
    interface LeaseListener {
        /** This node now holds the lease: start the task (fenced). */
        void granted();

        /** The lease is gone (another node may hold it soon): stop the task now. */
        void lost(String why);
    }

    /** Makes coordinators of one type; registered in {@code META-INF/services/io.iso2db.spi.Coordinator$Factory}. */
    interface Factory {
        /** The configuration's {@code cluster_type} this factory serves, e.g. {@code zk_mode}. */
        String type();

        /**
         * A coordinator for this node, connected and registered as live.
         *
         * @param cluster the cluster's name: nodes of one cluster share tasks, other clusters stay apart
         * @param node    this node's name ({@code host})
         * @param servers the coordination servers or members ({@code zk_hosts}, {@code cluster_nodes})
         * @param dataDir where this node may keep coordination state across restarts (a Raft log)
         */
        Coordinator create(String cluster, String node, List<String> servers, java.nio.file.Path dataDir);
    }

    /** This node's name. */
    String node();

    /** Starts competing for the task's lease; {@code listener} hears when it is granted and lost. */
    void join(String task, LeaseListener listener);

    /** Stops competing for the task and releases its lease if held, so another node takes it at once. */
    void leave(String task);

    /** The live nodes, this one included. */
    List<String> liveNodes();

    /** Releases every lease (a clean shutdown hands the tasks over at once) and disconnects. */
    @Override
    void close();
}
