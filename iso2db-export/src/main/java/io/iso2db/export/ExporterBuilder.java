package io.iso2db.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.filter.Filters;
import io.iso2db.internal.export.ExportConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Settings of an {@link Exporter}; setters check their argument, {@link #build()} the whole. */
public final class ExporterBuilder {

    private ConnectionSettings source;
    private ConnectionSettings target;
    private final Set<String> databases = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> excludedTables = new LinkedHashSet<>();
    private int threads = 4;
    private int chunkRows = 50_000;
    private SnapshotMethod snapshot = SnapshotMethod.AUTO;
    private boolean targetBinlog;
    private ExportListener listener;

    ExporterBuilder() {
    }

    /**
     * The server copied from; the user needs SELECT, REPLICATION CLIENT, RELOAD for {@link SnapshotMethod#LOCK},
     * and LOCK TABLES when tables are kept outside transactions (MyISAM, Aria: their writes wait while they are copied).
     */
    public ExporterBuilder source(ConnectionSettings source) {
        this.source = Objects.requireNonNull(source, "source");
        return this;
    }

    /** The server copied to; the user needs CREATE, DROP and INSERT on the copied databases. */
    public ExporterBuilder target(ConnectionSettings target) {
        this.target = Objects.requireNonNull(target, "target");
        return this;
    }

    /** Databases to copy (required). */
    public ExporterBuilder databases(String... names) {
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "database names must not be empty");
            }
            databases.add(n);
        }
        return this;
    }

    /** Tables to copy, as for {@code ReplicatorBuilder.tables}: bare or {@code db.table}, {@code *}/{@code ?} wildcards. */
    public ExporterBuilder tables(String... names) {
        tables.addAll(List.of(names));
        return this;
    }

    /** Tables never copied (patterns as for {@link #tables}). */
    public ExporterBuilder excludeTables(String... patterns) {
        excludedTables.addAll(List.of(patterns));
        return this;
    }

    /** Parallel copy workers, each with its own source and target connection (original tool: {@code threads}); default 4. */
    public ExporterBuilder threads(int threads) {
        if (threads < 1 || threads > 64) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "threads must be 1..64, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Rows per chunk (a key range copied and committed as one unit); default 50,000. */
    public ExporterBuilder chunkRows(int rows) {
        if (rows < 100 || rows > 10_000_000) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "chunkRows must be 100..10,000,000, was " + rows);
        }
        this.chunkRows = rows;
        return this;
    }

    /** How the connections share one consistent state; default {@link SnapshotMethod#AUTO}. */
    public ExporterBuilder snapshot(SnapshotMethod method) {
        this.snapshot = Objects.requireNonNull(method, "method");
        return this;
    }

    /** Whether the copy goes into the target's binlog (original tool: destination {@code binlog}); default off. */
    public ExporterBuilder targetBinlog(boolean on) {
        this.targetBinlog = on;
        return this;
    }

    /** Told after each committed chunk. */
    public ExporterBuilder listener(ExportListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    public Exporter build() {
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
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Exporter is missing required setting(s): "
                    + String.join(", ", missing));
        }
        if (source.host().equals(target.host()) && source.port() == target.port()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Exporter: source and target are the same server ("
                    + source.describe() + "); the export drops the target tables");
        }
        return new Exporter(new ExportConfig(source, target, Set.copyOf(databases),
                Filters.databasesAndTables(databases, tables, excludedTables), threads, chunkRows, snapshot,
                targetBinlog, listener));
    }
}
