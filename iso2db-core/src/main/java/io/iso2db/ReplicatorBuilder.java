package io.iso2db;

import io.iso2db.filter.Filter;
import io.iso2db.filter.Filters;
import io.iso2db.internal.apply.Grouping;
import io.iso2db.internal.config.ConfigKeys;
import io.iso2db.internal.config.ReplicatorConfig;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.ReplicationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link Replicator}. Each setter checks its argument at once; {@link #build()}
 * checks that the settings fit together and returns an immutable replicator.
 */
public final class ReplicatorBuilder {

    private String name;
    private ConnectionSettings source;
    private ConnectionSettings target;
    private long serverId;
    private final Set<String> databases = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> excludedTables = new LinkedHashSet<>();
    private final Set<io.iso2db.event.RowChange.Operation> ignoredOperations =
            java.util.EnumSet.noneOf(io.iso2db.event.RowChange.Operation.class);
    private final Set<Long> ignoredThreads = new LinkedHashSet<>();
    private boolean skipStatementChanges;
    private Duration startRetry = Duration.ZERO;
    private Filter customFilter;
    private Position startAt;
    private Position fallbackStart;
    private boolean resume;
    private boolean useGtid;
    private CheckpointStore store;
    private final List<ReplicationListener> listeners = new ArrayList<>();
    private boolean targetBinlog;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration sourceTimeout = Duration.ofSeconds(60);
    private Duration targetTimeout = Duration.ofMinutes(2);
    private final List<ConnectionSettings> sourceFailover = new ArrayList<>();
    /** Null: the default, grouping while behind (off for an at-least-once store). */
    private Grouping grouping;
    private int applySessions = 1;
    private boolean fenced;
    private io.iso2db.spi.Coordinator coordinator;
    private LoopControl loop;
    private final java.util.Map<String, String> databaseRoutes = new java.util.LinkedHashMap<>();
    private final java.util.Map<io.iso2db.event.TableId, io.iso2db.event.TableId> tableRoutes = new java.util.LinkedHashMap<>();
    private ConflictPolicy conflicts = ConflictPolicy.FAIL;
    /** Null: on with loop control, off without. */
    private Boolean compareBeforeImage;

    ReplicatorBuilder() {
    }

    /** Task name: in logs, metrics and as the checkpoint key. Letters, digits, {@code _ . -}; required. */
    public ReplicatorBuilder name(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "name must be 1-128 letters, digits, '_', '.' or '-', was '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /** The server whose binlog is read (original tool: {@code [source]}); required. */
    public ReplicatorBuilder source(ConnectionSettings source) {
        this.source = Objects.requireNonNull(source, "source");
        return this;
    }

    /** The server written to (original tool: {@code [destination]}); required. */
    public ReplicatorBuilder target(ConnectionSettings target) {
        this.target = Objects.requireNonNull(target, "target");
        return this;
    }

    /** The replica {@code server_id} used to register on the source; unique among its replicas; required. */
    public ReplicatorBuilder serverId(long serverId) {
        this.serverId = ConfigKeys.SERVER_ID.check(serverId);
        return this;
    }

    /** Databases to replicate (original tool: {@code databases}); at least one is required. */
    public ReplicatorBuilder databases(String... names) {
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "database names must not be empty");
            }
            databases.add(n.trim());
        }
        return this;
    }

    /** Tables to replicate, bare ({@code orders}: in any replicated database) or {@code db.table}; default all. */
    public ReplicatorBuilder tables(String... names) {
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "table names must not be empty");
            }
            tables.add(n.trim());
        }
        return this;
    }

    /** Tables never replicated, bare or {@code db.table}, with {@code *}/{@code ?} wildcards. */
    public ReplicatorBuilder excludeTables(String... patterns) {
        for (String p : patterns) {
            if (p == null || p.isBlank()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "excluded table patterns must not be empty");
            }
            excludedTables.add(p.trim());
        }
        return this;
    }

    /**
     * Row changes of these kinds are not replicated (original tool: {@code ignore}). The target then
     * deliberately differs from the source: ignoring DELETE keeps deleted rows, for instance, and
     * then also skips {@code TRUNCATE TABLE} and {@code ALTER TABLE ... TRUNCATE PARTITION} (each
     * logged as a warning); DROP TABLE/PARTITION/DATABASE change the schema and are applied.
     */
    public ReplicatorBuilder ignoreOperations(io.iso2db.event.RowChange.Operation... operations) {
        ignoredOperations.addAll(List.of(operations));
        return this;
    }

    /**
     * Transactions started by these source connection ids are not replicated (original tool:
     * {@code ignore_thread}). Only MySQL sources log the id of row-based transactions (in their
     * BEGIN event); a MariaDB source does not, so there {@code start()} fails rather than
     * silently replicating everything.
     */
    public ReplicatorBuilder ignoreThreads(long... threadIds) {
        for (long id : threadIds) {
            ignoredThreads.add(id);
        }
        return this;
    }

    /** A further filter, combined (AND) with databases and tables. */
    public ReplicatorBuilder filter(Filter filter) {
        this.customFilter = Objects.requireNonNull(filter, "filter");
        return this;
    }

    /** Start at this position, ignoring any stored checkpoint. */
    public ReplicatorBuilder startAt(Position position) {
        this.startAt = Objects.requireNonNull(position, "position");
        return this;
    }

    /**
     * Start from the stored checkpoint; when none is stored yet, start at {@code position}. The
     * usual choice for a task that must survive restarts from its first run on.
     */
    public ReplicatorBuilder resumeOrStartAt(Position position) {
        this.fallbackStart = Objects.requireNonNull(position, "position");
        return this;
    }

    /** Start from the stored checkpoint and fail if there is none (original tool: {@code daemon=True}). */
    public ReplicatorBuilder resume() {
        this.resume = true;
        return this;
    }

    /** Connect by GTID set rather than file and offset (original tool: {@code auto_position=True}). */
    public ReplicatorBuilder useGtid(boolean useGtid) {
        this.useGtid = useGtid;
        return this;
    }

    /** Where the position is kept; default {@link CheckpointStores#inTarget()}. */
    public ReplicatorBuilder checkpointStore(CheckpointStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    public ReplicatorBuilder listener(ReplicationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Write applied changes to the target's binlog (original tool: destination {@code binlog}); default false. */
    public ReplicatorBuilder targetBinlog(boolean on) {
        this.targetBinlog = on;
        return this;
    }

    public ReplicatorBuilder connectTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "connectTimeout must be positive");
        }
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * How long the source may send nothing at all, neither an event nor a heartbeat, before the
     * binlog connection counts as lost and is reconnected from the last commit (default 60 s, as a
     * native replica's {@code slave_net_timeout}). A link that stalls without closing (a hung
     * server, a path that drops traffic) is found this way. The source is asked for a heartbeat
     * every third of this time, at most every 10 s.
     */
    public ReplicatorBuilder sourceTimeout(Duration timeout) {
        if (timeout == null || timeout.toMillis() < 300) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "sourceTimeout must be at least 300 ms, was "
                    + timeout);
        }
        this.sourceTimeout = timeout;
        return this;
    }

    /**
     * Other servers that hold the source's binlog with the same GTIDs: replicas of the source with
     * {@code log_slave_updates} (MariaDB) / {@code log_replica_updates} and GTIDs (MySQL:
     * {@code gtid_mode=ON}), one of which may be promoted when the source fails. When the source
     * does not answer, the task tries them in order and reads on, by GTID, from the first that has
     * every transaction the target has; one that lacks some stops the task
     * ({@code POSITION_MISMATCH}, nothing applied from it), since reading there would lose them.
     * The task stays on the server it failed over to. Use {@link ConnectionSettings#at} for the
     * same account on another host.
     */
    public ReplicatorBuilder sourceFailover(ConnectionSettings... servers) {
        for (ConnectionSettings s : servers) {
            sourceFailover.add(Objects.requireNonNull(s, "server"));
        }
        return this;
    }

    /**
     * How long a statement or commit on the target may go unanswered before its connection counts
     * as lost (default 2 min; {@link Duration#ZERO} waits for ever). The task then reconnects,
     * ends the old session on the target (waiting until it is gone, so a commit still on its way
     * cannot land later) and goes on from the checkpoint the target holds. DDL statements are
     * exempt: an ALTER TABLE may rightly run for hours. Set it above the longest row lock or
     * metadata lock wait you expect on the target.
     */
    public ReplicatorBuilder targetTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || (!timeout.isZero() && timeout.toMillis() < 100)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "targetTimeout must be zero (no limit) or at"
                    + " least 100 ms, was " + timeout);
        }
        this.targetTimeout = timeout;
        return this;
    }

    /**
     * Lets up to {@code maxTransactions} consecutive source transactions share one target commit,
     * always, none waiting longer than {@code maxDelay}; a group also closes once its changes reach
     * 4 MB. Each source transaction still lands whole (a reader never sees part of one), the
     * checkpoint is the group's last transaction, and delivery stays exactly-once. For throughput
     * at the cost of up to {@code maxDelay} of latency; the default groups only while behind
     * ({@link #groupCommitWhenBehind}).
     */
    public ReplicatorBuilder groupCommit(int maxTransactions, Duration maxDelay) {
        this.grouping = grouping("groupCommit", maxTransactions, maxDelay, false);
        return this;
    }

    /**
     * Sets the bounds of the default grouping: while the task is behind (more source events have
     * already arrived and wait to be applied), up to {@code maxTransactions} consecutive source
     * transactions share one target commit, none waiting longer than {@code maxDelay}. At the head
     * of the stream each transaction is committed alone, without waiting. Default: 1,000
     * transactions, 50 ms (with an at-least-once store: no grouping).
     *
     * @see #preserveTransactionBoundaries()
     */
    public ReplicatorBuilder groupCommitWhenBehind(int maxTransactions, Duration maxDelay) {
        this.grouping = grouping("groupCommitWhenBehind", maxTransactions, maxDelay, true);
        return this;
    }

    /**
     * Commits each source transaction as a target transaction of its own, also while catching up:
     * for readers or triggers of the target that must see every intermediate state the source had,
     * one commit at a time. Slower while behind (one commit, and with the default store one
     * round trip, per source transaction); at the head of the stream it changes nothing.
     */
    public ReplicatorBuilder preserveTransactionBoundaries() {
        this.grouping = Grouping.OFF;
        return this;
    }

    /**
     * Applies with {@code sessions} target sessions at once (default 1). Source transactions that
     * write different rows are applied side by side; each still commits whole and in source order,
     * with its checkpoint, so a reader of the target never sees a state the source never had and
     * delivery stays exactly-once. Applied one at a time, in order: transactions writing tables whose
     * rows the target ties to others (a second unique key, a trigger, a foreign key, no key), DDL,
     * prepared XA transactions, transactions of more than 5,000 rows, and with loop control every
     * transaction (each writes the task's marker row). While behind, grouping still applies, up to 20
     * transactions per target commit. Not the default: measured on a 2-core machine it was slower than
     * one session (README "Speed" says why); for targets with idle cores and cheap commits.
     */
    public ReplicatorBuilder parallelApply(int sessions) {
        this.applySessions = (int) ConfigKeys.PARALLEL_APPLY.check(sessions);
        return this;
    }

    private static Grouping grouping(String option, int maxTransactions, Duration maxDelay, boolean onlyWhenBehind) {
        if (maxTransactions < 1 || maxTransactions > 10_000) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, option + " maxTransactions must be 1..10000, was " + maxTransactions);
        }
        if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, option + " maxDelay must be 0..10 s, was " + maxDelay);
        }
        return new Grouping(maxTransactions, maxDelay, onlyWhenBehind);
    }

    /**
     * Fencing for tasks that may move between nodes (cluster mode): {@code start()} takes the task
     * over by raising the epoch in its checkpoint row on the target, in one transaction, and every
     * commit from then on checks that epoch in the same round trip. A former owner — paused,
     * partitioned, or simply slow to notice it lost its lease — can therefore never commit again:
     * its commit is rolled back and it stops with {@code FENCED}. Needs a store that writes to the
     * target ({@link CheckpointStores#inTarget()}, the default, or {@link CheckpointStores#jdbc}).
     */
    public ReplicatorBuilder fenced() {
        this.fenced = true;
        return this;
    }

    /**
     * Runs the task only while this node holds its lease from {@code coordinator} (cluster mode;
     * see {@link Coordinators}): {@code start()} joins the lease and returns, replication starts
     * {@link #fenced() fenced} each time the lease is granted and stops when it is lost. The
     * counters and the position then describe the task since this node last took it over.
     */
    public ReplicatorBuilder coordinator(io.iso2db.spi.Coordinator coordinator) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        return this;
    }

    /**
     * Turns loop control on for multi-region topologies (see {@link LoopControl}): applied
     * transactions are marked with their origin, and marked transactions that would echo back
     * are skipped. Needs {@code targetBinlog(true)} and the marker table on the target.
     */
    public ReplicatorBuilder loopControl(LoopControl loopControl) {
        this.loop = Objects.requireNonNull(loopControl, "loopControl");
        return this;
    }

    /**
     * Applies a source database or table under another name on the target: {@code route("shop",
     * "shop_copy")} or {@code route("shop.orders", "archive.orders_2025")}. Both names of the same
     * kind, no wildcards; the source database must be replicated. A table route wins over its
     * database's. DDL is applied in the routed database with the changed object renamed (every
     * table a DROP or RENAME lists); other qualified names inside a DDL statement are not rewritten.
     */
    public ReplicatorBuilder route(String from, String to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        String[] a = from.split("\\.", -1);
        String[] b = to.split("\\.", -1);
        if (a.length != b.length || a.length > 2 || from.matches(".*[*?].*") || to.matches(".*[*?].*")
                || java.util.Arrays.stream(a).anyMatch(String::isEmpty) || java.util.Arrays.stream(b).anyMatch(String::isEmpty)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "route needs two database names or two db.table names without"
                    + " wildcards, was '" + from + "' -> '" + to + "'");
        }
        if (a.length == 1) {
            databaseRoutes.put(from, to);
        } else {
            tableRoutes.put(new io.iso2db.event.TableId(a[0], a[1]), new io.iso2db.event.TableId(b[0], b[1]));
        }
        return this;
    }

    /**
     * Whether an UPDATE or DELETE must also find the target row's other columns equal to the
     * source's before image: a row that drifted on the target is then a conflict
     * ({@link #conflictPolicy}). With false, rows are found by key only, as a native replica does:
     * a missing row or a duplicate key is still a conflict, but drift in other columns is
     * overwritten unnoticed (with a full row image the row then equals the source's again).
     * <p>Default: on with {@link #loopControl} (regions that write the same rows, where drift is
     * what a conflict is), off for a one-way task, whose target nobody else should write: finding
     * rows by key only applied a sysbench backlog 1.27× faster (the before image is most of what
     * the target parses). Always off when the task lets the target differ on purpose
     * ({@link #ignoreOperations} of INSERT or UPDATE, a custom {@link #filter}).
     */
    public ReplicatorBuilder compareBeforeImage(boolean on) {
        this.compareBeforeImage = on;
        return this;
    }

    /**
     * Lets {@link Replicator#start()} keep trying for up to {@code window} while a server cannot
     * be reached (back-off from 0.5 s to 10 s; state RECONNECTING meanwhile), as a service starting
     * before its databases wants. Any other failure still ends {@code start()} at once. Zero by
     * default: connection errors surface immediately.
     */
    public ReplicatorBuilder retryStartFor(Duration window) {
        if (window == null || window.isNegative()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "retryStartFor must be zero or positive");
        }
        this.startRetry = window;
        return this;
    }

    /**
     * Skips changes to replicated tables that the source logged as SQL statements instead of rows
     * (a session with {@code binlog_format=STATEMENT} or {@code MIXED}), with a warning naming each
     * statement. Off by default: such a change stops the task, since the target would differ from the
     * source without it. Turn it on only when those changes are made on the target too, or do not matter.
     */
    public ReplicatorBuilder skipStatementLoggedChanges(boolean on) {
        this.skipStatementChanges = on;
        return this;
    }

    /** What to do when a row change does not fit the target's row (default {@link ConflictPolicy#FAIL}). */
    public ReplicatorBuilder conflictPolicy(ConflictPolicy policy) {
        this.conflicts = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Checks that the settings fit together and builds the replicator. */
    public Replicator build() {
        List<String> missing = new ArrayList<>();
        if (name == null) {
            missing.add("name");
        }
        if (source == null) {
            missing.add("source");
        }
        if (target == null) {
            missing.add("target");
        }
        if (serverId == 0) {
            missing.add("serverId");
        }
        if (databases.isEmpty()) {
            missing.add("databases");
        }
        if (!missing.isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + (name == null ? "" : name + " ")
                    + "is missing required setting(s): " + String.join(", ", missing));
        }
        if ((resume ? 1 : 0) + (startAt != null ? 1 : 0) + (fallbackStart != null ? 1 : 0) > 1) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name
                    + ": resume(), startAt() and resumeOrStartAt() exclude each other; choose one");
        }
        if (source.host().equals(target.host()) && source.port() == target.port()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name + ": source and target are"
                    + " the same server (" + source.describe() + ")");
        }
        CheckpointStore chosen = store == null ? CheckpointStores.inTarget() : store;
        boolean atLeastOnce = chosen.guarantee() == CheckpointStore.Guarantee.AT_LEAST_ONCE;
        if (grouping != null && grouping.on() && atLeastOnce) {
            // after a crash the store may be one target commit behind: a whole group would be replayed, not one transaction
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name + ": grouping source"
                    + " transactions needs an exactly-once checkpoint store, not " + chosen + " (at-least-once);"
                    + " use preserveTransactionBoundaries(), or a store that saves in the target transaction");
        }
        Grouping grouping = this.grouping != null ? this.grouping : atLeastOnce ? Grouping.OFF : Grouping.DEFAULT;
        if (loop != null && !targetBinlog) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name + ": loop control needs"
                    + " the applied changes in the target's binlog (targetBinlog(true));"
                    + " without it the other regions never see them");
        }
        if (loop != null && databases.contains("iso2db")) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name + ": with loop control"
                    + " the database iso2db (markers, checkpoints) is each region's own; remove it from databases");
        }
        List<String> unrouted = new ArrayList<>();
        databaseRoutes.keySet().stream().filter(d -> !databases.contains(d)).forEach(unrouted::add);
        tableRoutes.keySet().stream().filter(t -> !databases.contains(t.database())).forEach(t -> unrouted.add(t.toString()));
        if (!unrouted.isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Replicator " + name + ": route from " + unrouted
                    + " names a database that is not replicated; add it to databases " + databases);
        }
        Filter filter = Filters.databasesAndTables(databases, tables, excludedTables);
        if (!ignoredOperations.isEmpty()) {
            filter = both(filter, Filters.ignoreOperations(ignoredOperations));
        }
        if (customFilter != null) {
            filter = both(filter, customFilter);
        }
        boolean matchBeforeImage = (compareBeforeImage != null ? compareBeforeImage : loop != null) && customFilter == null
                && !ignoredOperations.contains(io.iso2db.event.RowChange.Operation.INSERT)
                && !ignoredOperations.contains(io.iso2db.event.RowChange.Operation.UPDATE);
        return new Replicator(new ReplicatorConfig(name, source, target, serverId, Set.copyOf(databases), filter, startAt,
                fallbackStart, resume, useGtid || !sourceFailover.isEmpty(),   // file positions differ between servers
                chosen, List.copyOf(listeners), targetBinlog, connectTimeout, grouping,
                Set.copyOf(ignoredThreads), loop, conflicts,
                io.iso2db.internal.route.Routes.of(databaseRoutes, tableRoutes),
                matchBeforeImage,
                skipStatementChanges, startRetry, Set.copyOf(tables), applySessions, fenced || coordinator != null, coordinator,
                sourceTimeout, targetTimeout, List.copyOf(sourceFailover)));
    }

    private static Filter both(Filter a, Filter b) {
        return new Filter() {
            @Override
            public boolean includesTable(io.iso2db.event.TableId t) {
                return a.includesTable(t) && b.includesTable(t);
            }

            @Override
            public boolean includesDatabase(String database) {
                return a.includesDatabase(database) && b.includesDatabase(database);
            }

            @Override
            public boolean includesTransaction(String gtid) {
                return a.includesTransaction(gtid) && b.includesTransaction(gtid);
            }

            @Override
            public boolean includesRow(io.iso2db.event.RowChange row) {
                return a.includesRow(row) && b.includesRow(row);
            }

            @Override
            public boolean includesTruncate(io.iso2db.event.TableId table) {
                return a.includesTruncate(table) && b.includesTruncate(table);
            }

            @Override
            public String toString() {
                return a + " and " + b;
            }
        };
    }
}
