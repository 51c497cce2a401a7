package io.iso2db.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Replicator;
import io.iso2db.event.TableId;
import io.iso2db.filter.Filters;
import io.iso2db.internal.export.VerifyConfig;
import io.iso2db.internal.route.Routes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Settings of a {@link Verifier}; setters check their argument, {@link #build()} the whole. */
public final class VerifierBuilder {

    private ConnectionSettings source;
    private ConnectionSettings target;
    private final Set<String> databases = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> excludedTables = new LinkedHashSet<>();
    private final Map<String, String> databaseRoutes = new LinkedHashMap<>();
    private final Map<TableId, TableId> tableRoutes = new LinkedHashMap<>();
    private Replicator replicator;
    private int threads = 4;
    private int chunkRows = 10_000;
    private int reportRows = 100;
    private long rowsPerSecond;
    private Duration maxLag;
    private Duration cutTimeout = Duration.ofSeconds(30);
    private boolean repairSql;
    private VerifyListener listener;

    VerifierBuilder() {
    }

    /**
     * The server replicated from; the user needs SELECT (and RELOAD on MySQL, for the snapshot; LOCK TABLES when
     * tables are kept outside transactions: their writes wait while they are compared).
     */
    public VerifierBuilder source(ConnectionSettings source) {
        this.source = Objects.requireNonNull(source, "source");
        return this;
    }

    /** The server replicated to; the user needs SELECT. */
    public VerifierBuilder target(ConnectionSettings target) {
        this.target = Objects.requireNonNull(target, "target");
        return this;
    }

    /** Source databases to compare (required), as the task replicates them. */
    public VerifierBuilder databases(String... names) {
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "database names must not be empty");
            }
            databases.add(n);
        }
        return this;
    }

    /** Tables to compare, as the task's {@code tables}: bare or {@code db.table}, {@code *}/{@code ?} wildcards. */
    public VerifierBuilder tables(String... names) {
        tables.addAll(List.of(names));
        return this;
    }

    /** Tables left out (patterns as for {@link #tables}). */
    public VerifierBuilder excludeTables(String... patterns) {
        excludedTables.addAll(List.of(patterns));
        return this;
    }

    /** The task's route of a database or table ({@code ReplicatorBuilder.route}): compared with its routed target. */
    public VerifierBuilder route(String from, String to) {
        String[] a = Objects.requireNonNull(from, "from").split("\\.", -1);
        String[] b = Objects.requireNonNull(to, "to").split("\\.", -1);
        if (a.length != b.length || a.length > 2 || List.of(a).contains("") || List.of(b).contains("")) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "route needs two database names or two db.table"
                    + " names, was '" + from + "' -> '" + to + "'");
        }
        if (a.length == 1) {
            databaseRoutes.put(from, to);
        } else {
            tableRoutes.put(new TableId(a[0], a[1]), new TableId(b[0], b[1]));
        }
        return this;
    }

    /**
     * The running task that replicates these tables: the verifier holds it for a moment between
     * source transactions so both snapshots show the same state (a consistent cut while writes go
     * on). Without it both servers should be quiet (see {@link VerifyResult#consistent()}).
     */
    public VerifierBuilder replicator(Replicator replicator) {
        this.replicator = Objects.requireNonNull(replicator, "replicator");
        return this;
    }

    /** Parallel workers, each with a source and a target snapshot connection; default 4. */
    public VerifierBuilder threads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "threads must be 1..64, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Rows per compared key range; default 10,000. */
    public VerifierBuilder chunkRows(int rows) {
        if (rows < 100 || rows > 1_000_000) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "chunkRows must be 100..1,000,000, was " + rows);
        }
        this.chunkRows = rows;
        return this;
    }

    /** Differing rows reported with both images, per table; default 100 (all are counted). */
    public VerifierBuilder reportRows(int rows) {
        if (rows < 0) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "reportRows must not be negative, was " + rows);
        }
        this.reportRows = rows;
        return this;
    }

    /** At most this many source rows compared per second (0: no limit, the default). */
    public VerifierBuilder rowsPerSecond(long rows) {
        if (rows < 0) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "rowsPerSecond must not be negative, was " + rows);
        }
        this.rowsPerSecond = rows;
        return this;
    }

    /** With a {@link #replicator}: waits between chunks while its lag is above this (default: never waits). */
    public VerifierBuilder maxLag(Duration lag) {
        this.maxLag = Objects.requireNonNull(lag, "lag");
        return this;
    }

    /** How long the replicator may take to reach the cut; default 30 s. */
    public VerifierBuilder cutTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "cutTimeout must be positive, was " + timeout);
        }
        this.cutTimeout = timeout;
        return this;
    }

    /** Also build the SQL that would make the target equal ({@link VerifyResult#repairSql()}); never executed here. */
    public VerifierBuilder repairSql(boolean on) {
        this.repairSql = on;
        return this;
    }

    /** Told after each compared chunk. */
    public VerifierBuilder listener(VerifyListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Verifier build() {
        List<String> missing = new ArrayList<>();
        if (source == null) {
            missing.add("source");
        }
        if (target == null) {
            missing.add("target");
        }
        if (databases.isEmpty()) {
            missing.add("databases");
        }
        if (!missing.isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Verifier is missing required setting(s): "
                    + String.join(", ", missing));
        }
        Routes routes = Routes.of(databaseRoutes, tableRoutes);
        if (source.host().equals(target.host()) && source.port() == target.port() && routes.isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Verifier: source and target are the same server ("
                    + source.describe() + ") and no route names other tables: it would compare each table with itself");
        }
        return new Verifier(new VerifyConfig(source, target, Set.copyOf(databases),
                Filters.databasesAndTables(databases, tables, excludedTables), routes, replicator, threads, chunkRows,
                reportRows, rowsPerSecond, maxLag, cutTimeout, repairSql, listener));
    }
}
