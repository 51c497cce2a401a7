package io.iso2db.internal.config;

import static io.iso2db.internal.config.ConfigKeys.*;

import io.iso2db.CheckpointStores;
import io.iso2db.ConflictPolicy;
import io.iso2db.ConnectionSettings;
import io.iso2db.Iso2dbException;
import io.iso2db.LoopControl;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.ReplicatorBuilder;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One task file ({@code include/<task>.conf}) loaded, validated and mapped onto the builders:
 * the task's name is the file's name without {@code .conf}. Every problem of the file is reported
 * at once, naming file, line, section and key.
 */
public final class TaskSettings {

    private final String name;
    private final ConfigValues values;
    private final ConnectionSettings source;
    private final ConnectionSettings target;
    private final ConnectionSettings status;

    private TaskSettings(String name, ConfigValues values) {
        this.name = name;
        this.values = values;
        ConnectionSettings.Tls tls = values.bool(SSL) ? ConnectionSettings.Tls.REQUIRED : ConnectionSettings.Tls.DISABLED;
        this.source = connection(values, SOURCE_HOST, SOURCE_PORT, SOURCE_USER, SOURCE_PASSWORD, tls);
        this.target = connection(values, DEST_HOST, DEST_PORT, DEST_USER, DEST_PASSWORD, tls);
        this.status = values.has(STATUS_HOST)
                ? connection(values, STATUS_HOST, STATUS_PORT, STATUS_USER, STATUS_PASSWORD, tls) : null;
    }

    /**
     * Loads a task file.
     *
     * @throws Iso2dbException {@code INVALID_CONFIGURATION} listing every problem of the file
     */
    public static TaskSettings load(Path file) {
        ConfigValues v = ConfigValues.task(file);
        v.require(SERVER_ID, SOURCE_HOST, SOURCE_USER, DATABASES, DEST_HOST, DEST_USER);
        crossCheck(v);
        v.throwIfProblems();
        return new TaskSettings(taskName(file), v);
    }

    /** The task name of a file: its name without {@code .conf}. */
    public static String taskName(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".conf") ? f.substring(0, f.length() - 5) : f;
    }

    private static void crossCheck(ConfigValues v) {
        if (v.has(SOCKET)) {
            v.problem(SOCKET, "connecting by Unix socket is not supported (the binlog protocol needs TCP): remove"
                    + " socket and give host and port");
        }
        if (v.has(CERT) != v.has(CERT_KEY)) {
            v.problem(v.has(CERT) ? CERT_KEY : CERT, "cert and key go together: give both or neither");
        }
        for (String op : v.list(IGNORE)) {
            if (operation(op) == null) {
                v.problem(IGNORE, "'" + op + "' is not an operation: use insert, update or delete");
            }
        }
        for (String id : v.list(IGNORE_THREAD)) {
            if (!id.matches("\\d{1,18}")) {
                v.problem(IGNORE_THREAD, "'" + id + "' is not a connection id (a whole number)");
            }
        }
        for (String h : v.list(SOURCE_FAILOVER)) {
            if (!h.strip().matches("[^:\\s]+:\\d{1,5}") || Integer.parseInt(h.strip().replaceAll(".*:", "")) > 65_535) {
                v.problem(SOURCE_FAILOVER, "'" + h + "' is not host:port (e.g. db2.example.com:3306)");
            }
        }
        for (String r : v.list(ROUTES)) {
            if (r.split(":", -1).length != 2 || r.startsWith(":") || r.endsWith(":")) {
                v.problem(ROUTES, "'" + r + "' is not from:to (e.g. shop:shop_eu or shop.orders:archive.orders)");
            }
        }
        if (v.bool(FULL) && !v.list(ROUTES).isEmpty()) {
            // the export has no routes: the routed databases would miss every row it copied
            v.problem(ROUTES, "full = True exports under the source names and routes apply to replication only,"
                    + " so the routed copies would miss the exported rows; copy them first (e.g. iso2db export of a"
                    + " task without routes, then rename) and use full = False with a start position");
        }
        if (v.has(SOURCE_REGION) != v.has(TARGET_REGION)) {
            v.problem(v.has(SOURCE_REGION) ? TARGET_REGION : SOURCE_REGION,
                    "loop_source_region and loop_target_region go together");
        }
        if (v.has(STATUS_HOST) && !v.has(STATUS_USER)) {
            v.problem(STATUS_USER, "is required when shost is given");
        }
        if (v.has(GTID) && v.has(BINLOG_FILE)) {
            v.problem(GTID, "give either gtid or binlog_file/start_position as the start, not both");
        }
    }

    private static Operation operation(String name) {
        for (Operation o : Operation.values()) {
            if (o.name().equalsIgnoreCase(name.strip())) {
                return o;
            }
        }
        return null;
    }

    private static ConnectionSettings connection(ConfigValues v, Key host, Key port, Key user, Key password,
                                                 ConnectionSettings.Tls tls) {
        ConnectionSettings c = ConnectionSettings.of(v.text(host), (int) v.integer(port), v.text(user),
                v.text(password)).withTls(tls);
        if (v.has(CERT)) {
            Path dir = v.path().toAbsolutePath().getParent();
            c = c.withClientCertificate(dir.resolve(v.text(CERT)), dir.resolve(v.text(CERT_KEY)));
        }
        return c;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return values.path();
    }

    public ConnectionSettings source() {
        return source;
    }

    public ConnectionSettings target() {
        return target;
    }

    /** The status server ({@code [status]}), or null when the checkpoint lives in the target only. */
    public ConnectionSettings status() {
        return status;
    }

    public long serverId() {
        return values.integer(SERVER_ID);
    }

    public List<String> databases() {
        return values.list(DATABASES);
    }

    public List<String> tables() {
        return values.list(TABLES);
    }

    public List<String> excludedTables() {
        return values.list(EXCLUDE_TABLES);
    }

    /** {@code routes}: source database to target database, in the file's order. */
    public java.util.Map<String, String> routes() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String r : values.list(ROUTES)) {
            String[] ft = r.split(":");
            out.put(ft[0].strip(), ft[1].strip());
        }
        return out;
    }

    /** {@code full=True}: export first, then replicate. */
    public boolean full() {
        return values.bool(FULL);
    }

    public int threads() {
        return (int) values.integer(THREADS);
    }

    public boolean targetBinlog() {
        return values.bool(DEST_BINLOG);
    }

    /** The configured start, or null. */
    public Position start() {
        if (values.has(GTID)) {
            return Position.gtid(values.text(GTID));
        }
        return values.has(BINLOG_FILE) ? Position.file(values.text(BINLOG_FILE), values.integer(START_POSITION)) : null;
    }

    /** A new instance of the task's checkpoint store: {@code dump2db} on the status server, else the target's row. */
    public CheckpointStore checkpointStore() {
        return status != null ? CheckpointStores.jdbc(status, values.bool(STATUS_BINLOG)) : CheckpointStores.inTarget();
    }

    /**
     * A builder set up from the file: everything but listeners. With {@code full=True} it resumes
     * from the stored position (the service stores the export's end position first).
     */
    public ReplicatorBuilder replicator() {
        ReplicatorBuilder b = Replicator.builder().name(name).serverId(serverId()).source(source).target(target)
                .databases(databases().toArray(String[]::new))
                .targetBinlog(targetBinlog())
                .useGtid(values.bool(AUTO_POSITION))
                .parallelApply((int) values.integer(PARALLEL_APPLY))
                .sourceTimeout(java.time.Duration.ofSeconds(values.integer(SOURCE_TIMEOUT)))
                .targetTimeout(java.time.Duration.ofSeconds(values.integer(TARGET_TIMEOUT)))
                .conflictPolicy(ConflictPolicy.valueOf(values.text(CONFLICT_POLICY).toUpperCase(Locale.ROOT)));
        if (!tables().isEmpty()) {
            b.tables(tables().toArray(String[]::new));
        }
        if (!excludedTables().isEmpty()) {
            b.excludeTables(excludedTables().toArray(String[]::new));
        }
        List<Operation> ignored = new ArrayList<>();
        values.list(IGNORE).forEach(op -> ignored.add(operation(op)));
        if (!ignored.isEmpty()) {
            b.ignoreOperations(ignored.toArray(Operation[]::new));
        }
        if (!values.list(IGNORE_THREAD).isEmpty()) {
            b.ignoreThreads(values.list(IGNORE_THREAD).stream().mapToLong(Long::parseLong).toArray());
        }
        for (String h : values.list(SOURCE_FAILOVER)) {
            String[] hp = h.strip().split(":");
            b.sourceFailover(source.at(hp[0], Integer.parseInt(hp[1])));
        }
        routes().forEach(b::route);
        if (values.has(SOURCE_REGION)) {
            b.loopControl(LoopControl.regions(values.integer(SOURCE_REGION), values.integer(TARGET_REGION)));
        }
        if (values.has(COMPARE_BEFORE_IMAGE)) {
            b.compareBeforeImage(values.bool(COMPARE_BEFORE_IMAGE));
        }
        if (values.bool(PRESERVE_BOUNDARIES)) {
            b.preserveTransactionBoundaries();
        }
        b.checkpointStore(checkpointStore());
        Position start = start();
        if (full()) {
            b.resume();   // the export's hand-over stored the position to start from
        } else if (start != null) {
            if (values.bool(DAEMON)) {
                b.resumeOrStartAt(start);
            } else {
                b.startAt(start);
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "task " + name + " (" + file() + "): " + source.describe() + " → " + target.describe();
    }
}
