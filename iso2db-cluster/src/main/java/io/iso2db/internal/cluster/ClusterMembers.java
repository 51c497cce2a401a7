package io.iso2db.internal.cluster;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a {@code leader_mode} cluster, from {@code cluster_nodes}: each {@code host:port},
 * or {@code name@host:port} to give the member a name; this node is the one {@code host} names.
 */
final class ClusterMembers {

    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final String self;

    ClusterMembers(String self, List<String> nodes) {
        for (String n : nodes) {
            String name = n.contains("@") ? n.substring(0, n.indexOf('@')) : n;
            String address = n.contains("@") ? n.substring(n.indexOf('@') + 1) : n;
            if (!address.matches("[^:\\s]+:\\d{1,5}")) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "cluster_nodes: '" + n + "' is not host:port"
                        + " or name@host:port");
            }
            addresses.put(name, address);
        }
        if (!addresses.containsKey(self)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "host = " + self + " is not one of cluster_nodes "
                    + addresses.keySet() + ": give this node's name (or host:port) as listed there");
        }
        this.self = self;
    }

    String self() {
        return self;
    }

    List<String> all() {
        return new ArrayList<>(addresses.keySet());
    }

    int majority() {
        return addresses.size() / 2 + 1;
    }

    /** The JGroups stack: TCP on this member's address, the others as initial hosts, Raft with a file log. */
    String stack(Path logDir) {
        String[] me = addresses.get(self).split(":");
        StringBuilder hosts = new StringBuilder();
        for (String a : addresses.values()) {
            String[] hp = a.split(":");
            hosts.append(hosts.length() == 0 ? "" : ",").append(hp[0]).append('[').append(hp[1]).append(']');
        }
        return "<config xmlns=\"urn:org:jgroups\">"
                + "<TCP bind_addr=\"" + me[0] + "\" bind_port=\"" + me[1] + "\" port_range=\"0\"/>"
                + "<TCPPING initial_hosts=\"" + hosts + "\" port_range=\"0\"/>"
                + "<MERGE3 min_interval=\"2000\" max_interval=\"5000\"/>"
                + "<FD_SOCK2/>"
                + "<FD_ALL3 timeout=\"3000\" interval=\"1000\"/>"
                + "<VERIFY_SUSPECT2 timeout=\"1000\"/>"
                + "<pbcast.NAKACK2 use_mcast_xmit=\"false\"/>"
                + "<UNICAST3/>"
                + "<pbcast.STABLE/>"
                + "<raft.NO_DUPES/>"
                + "<pbcast.GMS join_timeout=\"1000\" print_local_addr=\"false\"/>"
                + "<UFC/><MFC/><FRAG4/>"
                + "<raft.ELECTION2/>"
                + "<raft.RAFT members=\"" + String.join(",", addresses.keySet()) + "\" raft_id=\"" + self
                + "\" log_dir=\"" + logDir.toAbsolutePath() + "\"/>"
                + "<raft.REDIRECT/>"
                + "</config>";
    }
}
