package io.iso2db.internal.cluster;

import io.iso2db.spi.Coordinator;
import java.nio.file.Path;
import java.util.List;

/** {@code cluster_type = leader_mode}: Raft among {@code cluster_nodes} (jgroups-raft), no ZooKeeper. */
public final class RaftCoordinatorFactory implements Coordinator.Factory {

    @Override
    public String type() {
        return "leader_mode";
    }

    @Override
    public Coordinator create(String cluster, String node, List<String> servers, Path dataDir) {
        return new RaftCoordinator(cluster, new ClusterMembers(node, servers), dataDir);
    }
}
