package io.iso2db.internal.server;

import static io.iso2db.internal.config.ConfigKeys.CLUSTER;
import static io.iso2db.internal.config.ConfigKeys.CONFIG;
import static io.iso2db.internal.config.ConfigKeys.INCLUDE;
import static io.iso2db.internal.config.ConfigKeys.METRICS_HOST;
import static io.iso2db.internal.config.ConfigKeys.METRICS_PORT;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.config.ConfigKeys;
import io.iso2db.internal.config.ConfigValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code iso.conf}: where the task files are, single or cluster mode, the metrics port. */
public final class ServiceSettings {

    private final ConfigValues values;
    private final Path dir;

    private ServiceSettings(ConfigValues values) {
        this.values = values;
        this.dir = values.path().toAbsolutePath().getParent();
    }

    /**
     * Loads {@code iso.conf}.
     *
     * @throws Iso2dbException {@code INVALID_CONFIGURATION} listing every problem of the file
     */
    public static ServiceSettings load(Path isoConf) {
        if (!Files.isRegularFile(isoConf)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, isoConf + " does not exist (give the service's"
                    + " iso.conf with -c)");
        }
        ConfigValues v = ConfigValues.service(isoConf);
        if (v.bool(CLUSTER)) {
            String type = v.text(ConfigKeys.CLUSTER_TYPE);
            if (type.equals("zk_mode") && v.list(ConfigKeys.ZK_HOSTS).isEmpty()) {
                v.problem(ConfigKeys.ZK_HOSTS, "zk_mode needs the ZooKeeper servers, e.g. zk1:2181,zk2:2181,zk3:2181");
            } else if (type.equals("leader_mode") && v.list(ConfigKeys.CLUSTER_NODES).size() < 2) {
                v.problem(ConfigKeys.CLUSTER_NODES, "leader_mode needs the members, e.g. n1@10.0.0.1:7800,"
                        + "n2@10.0.0.2:7800,n3@10.0.0.3:7800 (three survive one failure), and host naming this one");
            } else if (!io.iso2db.Coordinators.available(type)) {
                v.problem(ConfigKeys.CLUSTER_TYPE, type + " needs iso2db-cluster on the class path (lib/ of the"
                        + " distribution has it)");
            }
        }
        ServiceSettings s = new ServiceSettings(v);
        if (!v.has(CONFIG) && !Files.isDirectory(s.includeDir())) {
            v.problem(INCLUDE, "the task directory " + s.includeDir() + " does not exist");
        }
        if (v.has(CONFIG) && !Files.isRegularFile(s.dir.resolve(v.text(CONFIG)))) {
            v.problem(CONFIG, "the task file " + s.dir.resolve(v.text(CONFIG)) + " does not exist");
        }
        v.throwIfProblems();
        return s;
    }

    Path includeDir() {
        return dir.resolve(values.text(INCLUDE));
    }

    /** The task files to run: {@code config} alone (single mode), else every {@code *.conf} of {@code include}. */
    public List<Path> taskFiles() {
        if (values.has(CONFIG)) {
            return List.of(dir.resolve(values.text(CONFIG)));
        }
        try (Stream<Path> files = Files.list(includeDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "cannot list the task directory "
                    + includeDir() + " (iso.conf include): " + e.getMessage(), e);
        }
    }

    /** This node's name in status rows: {@code host}, else the machine's host name. */
    String node() {
        if (values.has(io.iso2db.internal.config.ConfigKeys.HOST)) {
            return values.text(io.iso2db.internal.config.ConfigKeys.HOST);
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The cluster coordinator, connected and registered, or null when {@code cluster = False}. */
    io.iso2db.spi.Coordinator coordinator() {
        if (!values.bool(CLUSTER)) {
            return null;
        }
        String type = values.text(ConfigKeys.CLUSTER_TYPE);
        return io.iso2db.Coordinators.of(type, values.text(ConfigKeys.CLUSTER_NAME), node(),
                values.list(type.equals("zk_mode") ? ConfigKeys.ZK_HOSTS : ConfigKeys.CLUSTER_NODES),
                dir.resolve(values.text(ConfigKeys.RAFT_LOG_DIR)));
    }

    int metricsPort() {
        return (int) values.integer(METRICS_PORT);
    }

    String metricsHost() {
        return values.text(METRICS_HOST);
    }
}
