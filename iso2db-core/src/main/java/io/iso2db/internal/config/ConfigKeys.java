package io.iso2db.internal.config;

import static io.iso2db.internal.config.Section.DESTINATION;
import static io.iso2db.internal.config.Section.GLOBAL;
import static io.iso2db.internal.config.Section.SERVICE;
import static io.iso2db.internal.config.Section.SOURCE;
import static io.iso2db.internal.config.Section.STATUS;

import java.util.List;

/**
 * Every configuration key, declared once: the original tool's keys of {@code iso.conf} and of the
 * task files, then iso2db's extensions. The file loader, the builders' validation and the README's
 * key table all come from here.
 */
public final class ConfigKeys {

    private static final long MAX_PORT = 65_535;

    // iso.conf
    public static final Key INCLUDE = Key.text("include", SERVICE, "include", "",
            "Directory of the task files (one *.conf per task; relative to iso.conf's directory)");
    public static final Key CONFIG = Key.text("config", SERVICE, null, "",
            "The task file run in single mode (cluster=False); when empty, every task of include runs");
    public static final Key CLUSTER = Key.bool("cluster", SERVICE, false, "",
            "Run as one node of a cluster: each task runs on exactly one live node, fenced in the target");
    public static final Key HOST = Key.text("host", SERVICE, null, "",
            "This node's name in the cluster (unique per node); default: the machine's host name");
    public static final Key CLUSTER_TYPE = Key.choice("cluster_type", SERVICE, "zk_mode", "",
            "Cluster coordination: zk_mode (ZooKeeper, zk_hosts) or leader_mode (Raft among cluster_nodes)",
            "zk_mode", "leader_mode");
    public static final Key CLUSTER_NAME = Key.text("cluster_name", SERVICE, "default", "",
            "Nodes with the same cluster_name (and ZooKeeper) share tasks; other clusters stay apart").extension();
    public static final Key ZK_HOSTS = Key.list("zk_hosts", SERVICE, "", "ZooKeeper servers (zk_mode)");
    public static final Key CLUSTER_NODES = Key.list("cluster_nodes", SERVICE, "",
            "leader_mode members, each host:port or name@host:port (JGroups port); host names this node");
    public static final Key RAFT_LOG_DIR = Key.text("raft_log_dir", SERVICE, "raft-log", "",
            "leader_mode: this node's Raft log (relative to iso.conf's directory)").extension();
    public static final Key METRICS_PORT = Key.integer("metrics_port", SERVICE, 0, MAX_PORT, 9_180L, "",
            "HTTP port of /metrics (Prometheus), /health/live and /health/ready; 0 picks a free port").extension();
    public static final Key METRICS_HOST = Key.text("metrics_host", SERVICE, "0.0.0.0", "",
            "Address the metrics port listens on").extension();

    // [global]
    public static final Key SERVER_ID = Key.integer("server_id", GLOBAL, 1, 4_294_967_295L, null, "serverId",
            "Replica server_id used on the source; unique among its replicas; keys the status row");
    public static final Key FULL = Key.bool("full", GLOBAL, false, "Exporter.runThenReplicate",
            "Export the databases first (consistent, parallel), then replicate from the export's position");
    public static final Key THREADS = Key.integer("threads", GLOBAL, 1, 64, 4L, "ExporterBuilder.threads",
            "Export workers (full=True)");
    public static final Key IGNORE = Key.list("ignore", GLOBAL, "ignoreOperations",
            "Row operations not applied: any of insert, update, delete (delete also skips TRUNCATE)");
    public static final Key IGNORE_THREAD = Key.list("ignore_thread", GLOBAL, "ignoreThreads",
            "Source connection ids whose transactions are skipped (MySQL sources only)");
    public static final Key SSL = Key.bool("ssl", GLOBAL, false, "ConnectionSettings.withTls",
            "TLS on every connection (server certificate not verified)");
    public static final Key CERT = Key.text("cert", GLOBAL, null, "ConnectionSettings.withClientCertificate",
            "Client certificate (PEM) for TLS");
    public static final Key CERT_KEY = Key.text("key", GLOBAL, null, "ConnectionSettings.withClientCertificate",
            "Client private key (PEM) for TLS");
    public static final Key DAEMON = Key.bool("daemon", GLOBAL, false, "resumeOrStartAt",
            "Resume from the stored position (the status store), starting at the configured position only the first time");
    public static final Key PRESERVE_BOUNDARIES = Key.bool("preserve_transaction_boundaries", GLOBAL, false,
            "preserveTransactionBoundaries", "One target commit per source transaction, also while behind").extension();
    public static final Key COMPARE_BEFORE_IMAGE = Key.boolUnset("compare_before_image", GLOBAL, "compareBeforeImage",
            "UPDATE/DELETE also match the target row's other columns, so drift is a conflict (default: with loop control)")
            .extension();
    public static final Key PARALLEL_APPLY = Key.integer("parallel_apply", GLOBAL, 1, 64, 1L, "parallelApply",
            "Target sessions applying at once").extension();
    public static final Key CONFLICT_POLICY = Key.choice("conflict_policy", GLOBAL, "fail", "conflictPolicy",
            "A row change that does not fit the target: stop, or apply the source's row (and log it)",
            "fail", "overwrite", "log").extension();
    public static final Key ROUTES = Key.list("routes", GLOBAL, "route",
            "Renamed targets, each from:to (db:db2 or db.t:db2.t2)").extension();
    public static final Key EXCLUDE_TABLES = Key.list("exclude_tables", SOURCE, "excludeTables",
            "Tables not replicated (patterns as in tables)").extension();
    public static final Key SOURCE_REGION = Key.integer("loop_source_region", GLOBAL, 1, 255, null, "loopControl",
            "Loop control: the source's region (with loop_target_region)").extension();
    public static final Key TARGET_REGION = Key.integer("loop_target_region", GLOBAL, 1, 255, null, "loopControl",
            "Loop control: the target's region").extension();

    // [source]
    public static final Key SOURCE_HOST = Key.text("host", SOURCE, null, "source", "Source host");
    public static final Key SOURCE_PORT = Key.integer("port", SOURCE, 1, MAX_PORT, 3306L, "source", "Source port");
    public static final Key SOCKET = Key.text("socket", SOURCE, null, "",
            "Unix socket: not supported by iso2db (the binlog protocol client needs TCP); leave empty");
    public static final Key SOURCE_USER = Key.text("user_name", SOURCE, null, "source", "Source user");
    public static final Key SOURCE_PASSWORD = Key.text("user_password", SOURCE, "", "source", "Source password")
            .secret();
    public static final Key DATABASES = Key.list("databases", SOURCE, "databases",
            "Databases replicated");
    public static final Key TABLES = Key.list("tables", SOURCE, "tables",
            "Tables replicated (bare names match in every database); empty: all");
    public static final Key BINLOG_FILE = Key.text("binlog_file", SOURCE, null, "startAt", "Start binlog file");
    public static final Key START_POSITION = Key.integer("start_position", SOURCE, 4, Long.MAX_VALUE, 4L, "startAt",
            "Start offset in binlog_file");
    public static final Key AUTO_POSITION = Key.bool("auto_position", SOURCE, false, "useGtid",
            "Connect by GTID");
    public static final Key GTID = Key.text("gtid", SOURCE, null, "startAt", "Start GTID set");
    public static final Key SOURCE_FAILOVER = Key.list("failover_hosts", SOURCE, "sourceFailover",
            "Servers holding the source's binlog by GTID (replicas that may be promoted), host:port each, same user"
            + " and TLS; read on from, by GTID, when the source does not answer").extension();
    public static final Key SOURCE_TIMEOUT = Key.integer("source_timeout", SOURCE, 1, 86_400, 60L, "sourceTimeout",
            "Seconds the source may send nothing, not even a heartbeat, before the link counts as lost").extension();

    // [destination]
    public static final Key DEST_HOST = Key.text("dhost", DESTINATION, null, "target", "Target host");
    public static final Key DEST_PORT = Key.integer("dport", DESTINATION, 1, MAX_PORT, 3306L, "target", "Target port");
    public static final Key DEST_USER = Key.text("duser", DESTINATION, null, "target", "Target user");
    public static final Key DEST_PASSWORD = Key.text("dpassword", DESTINATION, "", "target", "Target password")
            .secret();
    public static final Key DEST_BINLOG = Key.bool("binlog", DESTINATION, false, "targetBinlog",
            "Write applied changes to the target's binlog");
    public static final Key TARGET_TIMEOUT = Key.integer("target_timeout", DESTINATION, 0, 86_400, 120L, "targetTimeout",
            "Seconds a target statement or commit may go unanswered before the link counts as lost (DDL exempt;"
            + " 0: no limit)").extension();

    // [status]
    public static final Key STATUS_HOST = Key.text("shost", STATUS, null, "CheckpointStores.jdbc",
            "Status server (dump2db.position keyed by server_id); empty: the checkpoint lives in the target only");
    public static final Key STATUS_PORT = Key.integer("sport", STATUS, 1, MAX_PORT, 3306L, "CheckpointStores.jdbc",
            "Status server port");
    public static final Key STATUS_USER = Key.text("suser", STATUS, null, "CheckpointStores.jdbc",
            "Status server user");
    public static final Key STATUS_PASSWORD = Key.text("spassword", STATUS, "", "CheckpointStores.jdbc",
            "Status server password").secret();
    public static final Key STATUS_BINLOG = Key.bool("binlog", STATUS, false, "CheckpointStores.jdbc",
            "Write status rows to the status server's binlog");

    /** Every key of {@code iso.conf}. */
    public static final List<Key> SERVICE_KEYS = Key.listOf(INCLUDE, CONFIG, CLUSTER, HOST, CLUSTER_TYPE, ZK_HOSTS,
            CLUSTER_NODES, CLUSTER_NAME, RAFT_LOG_DIR, METRICS_PORT, METRICS_HOST);

    /** Every key of a task file. */
    public static final List<Key> TASK_KEYS = Key.listOf(SERVER_ID, FULL, THREADS, IGNORE, IGNORE_THREAD, SSL, CERT,
            CERT_KEY, DAEMON, PRESERVE_BOUNDARIES, PARALLEL_APPLY, CONFLICT_POLICY, COMPARE_BEFORE_IMAGE, ROUTES, SOURCE_REGION,
            TARGET_REGION, SOURCE_HOST, SOURCE_PORT, SOCKET, SOURCE_USER, SOURCE_PASSWORD, DATABASES, TABLES,
            EXCLUDE_TABLES, BINLOG_FILE, START_POSITION, AUTO_POSITION, GTID, SOURCE_FAILOVER, SOURCE_TIMEOUT, DEST_HOST, DEST_PORT, DEST_USER,
            DEST_PASSWORD, DEST_BINLOG, TARGET_TIMEOUT, STATUS_HOST, STATUS_PORT, STATUS_USER, STATUS_PASSWORD, STATUS_BINLOG);

    private ConfigKeys() {
    }
}
