package io.iso2db.internal.export;

import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.export.ExportResult;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export: checks, snapshot, target tables re-created, then a chunker feeding N copy workers.
 * The first failure stops every worker (their connections are aborted) and fails the export.
 */
public final class ExportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);

    private static final int DEADLOCK_ATTEMPTS = 10;
    /** Access denied to a database, table, column, or for lack of a global privilege. */
    private static final java.util.Set<Integer> ACCESS_DENIED = java.util.Set.of(1044, 1142, 1143, 1227);

    private final ExportConfig cfg;
    private final AtomicReference<Iso2dbException> failure = new AtomicReference<>();
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private int maxStatementBytes = ChunkCopier.MAX_STATEMENT_BYTES;
    private boolean mariadbTarget = true;
    private volatile boolean loadDataRefused;
    /** ALTER TABLEs adding the secondary indexes left out of the CREATE TABLEs, run after the load. */
    private final List<String> deferred = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ExportRun(ExportConfig cfg) {
        this.cfg = cfg;
    }

    public ExportResult run() {
        long t0 = System.nanoTime();
        List<ExportTable> tables;
        Snapshot snapshot;
        try (Connection src = Jdbc.open(cfg.source(), "source"); Connection dst = Jdbc.open(cfg.target(), "target")) {
            boolean mariadb = BinlogStatus.isMariaDb(version(src));
            Iso2dbException missing = io.iso2db.internal.preflight.SourceDatabases.missing(src, cfg.databases(),
                    "the source " + cfg.source().describe());
            if (missing != null) {
                throw missing;
            }
            tables = TableCatalog.tables(src, cfg.databases(), cfg.filter());
            ExportChecks.sourceCanRead(src, tables, cfg.source().describe());
            boolean mayLock = ExportChecks.hasReload(src);
            if (!mayLock && (cfg.snapshot() == io.iso2db.export.SnapshotMethod.LOCK
                    || (cfg.snapshot() == io.iso2db.export.SnapshotMethod.AUTO && !mariadb))) {
                ExportChecks.requireReload(cfg.source().describe());
            }
            ExportChecks.targetCanWrite(dst, cfg.target().describe());
            mariadbTarget = BinlogStatus.isMariaDb(version(dst));
            try (Statement st = dst.createStatement(); ResultSet rs = st.executeQuery("SELECT @@max_allowed_packet")) {
                rs.next();
                maxStatementBytes = (int) Math.min(ChunkCopier.MAX_STATEMENT_BYTES, rs.getLong(1) / 2);
            }
            Map<TableId, String> ddl = new LinkedHashMap<>();
            for (String db : tables.stream().map(t -> t.id().database()).distinct().toList()) {
                ddl.put(new TableId(db, ""), showCreate(src, "DATABASE " + TableId.quote(db)));
            }
            for (ExportTable t : tables) {
                ddl.put(t.id(), showCreate(src, "TABLE " + t.id().quoted()));
            }
            LOG.info("Export will copy {} tables: {}", tables.size(), tables.stream().map(t -> t.id().toString()).toList());
            snapshot = Snapshot.open(cfg.source(), cfg.threads(), cfg.snapshot(), mariadb, mayLock);
            try {
                recreate(src, dst, tables, ddl);
            } catch (SQLException | RuntimeException e) {
                snapshot.close();
                throw e;
            }
        } catch (SQLException e) {
            ErrorCode code = Jdbc.isConnectionLoss(e) ? ErrorCode.CONNECTION_FAILED
                    : ACCESS_DENIED.contains(e.getErrorCode()) ? ErrorCode.MISSING_PRIVILEGE : ErrorCode.EXPORT_FAILED;
            throw new Iso2dbException(code, "Export could not start: " + e.getMessage()
                    + (code == ErrorCode.MISSING_PRIVILEGE ? ". Grant it to the user named; nothing was dropped on the target." : ""), e);
        }
        LOG.info("Export of {} tables with {} threads from {} at {} ({})", tables.size(), cfg.threads(),
                cfg.source().describe(), snapshot.position, snapshot.method);
        try (snapshot) {
            ProgressTracker progress = new ProgressTracker(tables, cfg.listener());
            copy(snapshot, order(tables), progress);
            if (failure.get() == null) {
                addDeferredIndexes();
            }
            List<ExportResult.TableCopy> copies = new ArrayList<>();
            for (ExportTable t : tables) {
                copies.add(new ExportResult.TableCopy(t.id(), progress.rows(t.id()), progress.chunks(t.id()), t.chunkKeyKind()));
            }
            ExportResult result = new ExportResult(snapshot.position, copies, Duration.ofNanos(System.nanoTime() - t0),
                    snapshot.method, snapshot.writesBlocked);
            LOG.info("Export done: {} rows of {} tables in {} ms; replication continues at {}", result.rows(),
                    tables.size(), result.duration().toMillis(), result.position());
            return result;
        }
    }

    /** Unchunked tables first (one worker each, long), then the rest largest first. */
    private static List<ExportTable> order(List<ExportTable> tables) {
        List<ExportTable> out = new ArrayList<>(tables);
        out.sort(Comparator.comparing(ExportTable::chunked).thenComparing(ExportTable::estimatedRows, Comparator.reverseOrder()));
        for (ExportTable t : out) {
            if (!t.chunked()) {
                LOG.warn("Table {} has no index to range on (no NOT NULL key); one worker copies it in one chunk", t.id());
            }
        }
        return out;
    }

    private void copy(Snapshot snapshot, List<ExportTable> tables, ProgressTracker progress) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(cfg.threads() * 4);
        Chunk done = new Chunk(null, 0, null, null);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cfg.threads(); i++) {
            Connection source = snapshot.connections.get(i);
            open.add(source);
            Thread w = new Thread(() -> work(source, queue, done, progress), "iso2db-export-" + (i + 1));
            w.setDaemon(true);
            threads.add(w);
        }
        threads.forEach(Thread::start);
        try (Connection c = Jdbc.open(cfg.source(), "source")) {
            open.add(c);
            Chunker chunker = new Chunker(c, cfg.chunkRows());
            // a chunk of each table in turn: workers load different tables at once rather than queue
            // on one table's locks (LOAD DATA holds an AUTO_INCREMENT table lock per statement)
            Map<ExportTable, Chunk> last = new LinkedHashMap<>();
            tables.forEach(t -> last.put(t, null));
            while (!last.isEmpty() && failure.get() == null) {
                for (java.util.Iterator<Map.Entry<ExportTable, Chunk>> it = last.entrySet().iterator();
                     it.hasNext() && failure.get() == null; ) {
                    Map.Entry<ExportTable, Chunk> e = it.next();
                    Chunk next = chunker.next(e.getKey(), e.getValue());
                    if (next == null) {
                        it.remove();
                    } else {
                        e.setValue(next);
                        put(queue, next);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            fail((Chunk) null, e);
        } finally {
            for (int i = 0; i < cfg.threads(); i++) {
                put(queue, done);
            }
        }
        for (Thread w : threads) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail((Chunk) null, e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void put(BlockingQueue<Chunk> queue, Chunk chunk) {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) {
                    return;   // workers stop by themselves
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail((Chunk) null, e);
        }
    }

    private void work(Connection source, BlockingQueue<Chunk> queue, Chunk done, ProgressTracker progress) {
        Chunk chunk = null;
        try (Connection target = targetSession()) {
            open.add(target);
            ChunkCopier inserts = new ChunkCopier(source, target, maxStatementBytes);
            LoadDataCopier loads = new LoadDataCopier(source, target);
            boolean uniqueChecks = false;
            while (failure.get() == null) {
                chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                if (chunk == done) {
                    return;
                }
                if (chunk == null) {
                    continue;
                }
                Chunk c = chunk;
                if (c.table().longValues() != uniqueChecks) {
                    uniqueChecks = c.table().longValues();
                    setUniqueChecks(target, uniqueChecks);
                }
                ChunkWrite copier = !loadDataRefused && LoadDataCopier.carries(c.table(), mariadbTarget)
                        ? stop -> loadOrInsert(loads, inserts, target, c, stop) : stop -> inserts.copy(c, stop);
                ChunkCopier.Copied copied = copyRetryingDeadlocks(copier, target, chunk);
                if (copied != null) {
                    progress.committed(chunk, copied);
                }
            }
        } catch (SQLException | RuntimeException | InterruptedException | Error e) {
            fail(chunk, e);
        }
    }

    /** LOAD DATA, or INSERTs from now on when the target refuses local files (MySQL's default local_infile=OFF). */
    private ChunkCopier.Copied loadOrInsert(LoadDataCopier loads, ChunkCopier inserts, Connection target, Chunk c,
                                            java.util.function.BooleanSupplier stop) throws SQLException {
        try {
            return loads.copy(c, stop);
        } catch (SQLException e) {
            if (!LoadDataCopier.refused(e)) {
                throw e;
            }
            if (!loadDataRefused) {
                loadDataRefused = true;
                LOG.warn("The target refuses LOAD DATA LOCAL INFILE ({}); the export goes on with multi-row INSERTs"
                        + " (slower). Set local_infile=ON on the target for the faster path.", e.getMessage());
            }
            target.rollback();
            return inserts.copy(c, stop);
        }
    }

    /** One way of copying a chunk (LOAD DATA or INSERTs). */
    @FunctionalInterface
    private interface ChunkWrite {
        ChunkCopier.Copied copy(java.util.function.BooleanSupplier stop) throws SQLException;
    }

    /**
     * Copies a chunk; when the target picks its transaction as a deadlock victim (parallel inserts
     * into one table can deadlock on index locks) or a lock wait times out (another session holds a
     * key), the chunk is rolled back whole and copied again, up to ten times.
     */
    private ChunkCopier.Copied copyRetryingDeadlocks(ChunkWrite copier, Connection target, Chunk chunk)
            throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return copier.copy(() -> failure.get() != null);
            } catch (SQLException e) {
                boolean retryable = e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
                if (!retryable || attempt >= DEADLOCK_ATTEMPTS || failure.get() != null) {
                    throw e;
                }
                target.rollback();
                LOG.info("{} {} on the target; copying it again (attempt {})", chunk.describe(),
                        e.getErrorCode() == 1213 ? "was a deadlock victim" : "timed out waiting for a lock", attempt + 1);
                Thread.sleep(20L * attempt);
            }
        }
    }

    private Connection targetSession() throws SQLException {
        Connection c = Jdbc.open(cfg.target(), "target", java.util.Map.of("allowLoadLocalInfile", "true"));
        try (Statement st = c.createStatement()) {
            // not strict: zero and invalid dates and the empty ENUM value are taken as a non-strict
            // source holds them; any other conversion fails the chunk (WriteCheck)
            st.execute("SET SESSION time_zone = '+00:00', sql_mode = 'ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
                    + " foreign_key_checks = 0, unique_checks = 0");
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");   // fewer gap locks between workers
            if (!cfg.targetBinlog()) {
                st.execute("SET SESSION sql_log_bin = 0");
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            Jdbc.closeQuietly(c);
            throw e;
        }
    }

    /**
     * With both unique and foreign key checks off, MariaDB (10.6+) loads an empty table in its
     * bulk mode; concurrent bulk loads of rows of many megabytes stall the server there (seen on
     * 10.11: four loads of three 16 MB rows each, none finished in minutes, the server
     * busy; either check on makes them take 2 s). Tables whose rows may be that long are loaded
     * with unique checks on.
     */
    private static void setUniqueChecks(Connection target, boolean on) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("SET SESSION unique_checks = " + (on ? 1 : 0));
        }
    }

    /** Builds the secondary indexes left out while loading, a table per worker. */
    private void addDeferredIndexes() {
        if (deferred.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        java.util.Queue<String> todo = new java.util.concurrent.ConcurrentLinkedQueue<>(deferred);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(cfg.threads(), deferred.size()); i++) {
            Thread w = new Thread(() -> {
                try (Connection c = targetSession(); Statement st = c.createStatement()) {
                    open.add(c);
                    for (String alter = todo.poll(); alter != null && failure.get() == null; alter = todo.poll()) {
                        st.execute(alter);
                    }
                } catch (SQLException | RuntimeException e) {
                    fail("building the secondary indexes after the load", e);
                }
            }, "iso2db-export-index-" + (i + 1));
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("building the secondary indexes after the load", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        LOG.info("Secondary indexes of {} tables built after the load in {} ms", deferred.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Records the first failure and stops everything else at once. */
    private void fail(Chunk chunk, Throwable e) {
        fail(chunk == null ? "while cutting tables into chunks" : "copying " + chunk.describe(), e);
    }

    private void fail(String where, Throwable e) {
        Iso2dbException error = new Iso2dbException(ErrorCode.EXPORT_FAILED, "Export failed " + where + ": "
                + e.getMessage() + ". All workers stopped; the target tables of this export are incomplete."
                + (outOfMemory(e) ? " The JVM ran out of heap: each worker holds the source row it copies (rows of"
                        + " BLOBs may be megabytes); give the JVM more heap (-Xmx) or use fewer threads." : "")
                + " Fix the cause and run the export again (it re-creates the tables).", e);
        if (failure.compareAndSet(null, error)) {
            LOG.error("{}", error.getMessage());
            for (Connection c : open) {
                try {
                    c.abort(Runnable::run);
                } catch (SQLException | RuntimeException ignored) {
                    // already broken
                }
            }
        }
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private void recreate(Connection src, Connection dst, List<ExportTable> tables, Map<TableId, String> ddl)
            throws SQLException {
        try (Statement st = dst.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            if (!cfg.targetBinlog()) {
                st.execute("SET SESSION sql_log_bin = 0");
            }
            for (String db : tables.stream().map(t -> t.id().database()).distinct().toList()) {
                String create = ddl.get(new TableId(db, ""));
                st.execute(create.replaceFirst("(?i)^CREATE DATABASE (/\\*!32312 IF NOT EXISTS\\*/ )?", "CREATE DATABASE IF NOT EXISTS "));
            }
            for (ExportTable t : tables) {
                st.execute("DROP TABLE IF EXISTS " + t.id().quoted());
                st.execute("USE " + TableId.quote(t.id().database()));
                DeferredIndexes d = DeferredIndexes.of(t.id(), ddl.get(t.id()));
                st.execute(d.create());
                if (d.alter() != null) {
                    deferred.add(d.alter());
                }
            }
        }
    }

    private static String showCreate(Connection c, String what) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE " + what)) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** The server's version, lower case (export and verify tell MariaDB by it). */
    static String version(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).toLowerCase(Locale.ROOT);
        }
    }
}
