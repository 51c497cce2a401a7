package io.iso2db.internal.cluster;

import io.iso2db.spi.Coordinator;
import java.util.List;

/** {@code cluster_type = zk_mode}: ZooKeeper through Apache Curator. */
public final class ZkCoordinatorFactory implements Coordinator.Factory {

    @Override
    public String type() {
        return "zk_mode";
    }

    @Override
    public Coordinator create(String cluster, String node, List<String> servers, java.nio.file.Path dataDir) {
        return new ZkCoordinator(cluster, node, servers);
    }
}
