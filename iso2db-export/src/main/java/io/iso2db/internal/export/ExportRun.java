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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export: checks, snapshot, target tables re-created, then a chunker feeding N copy workers.
 * The first failure stops every worker (their connections are aborted) and fails the export.
 */
public final class ExportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);

    /** Access denied to a database, table, column, or for lack of a global privilege. */
    private static final java.util.Set<Integer> ACCESS_DENIED = java.util.Set.of(1044, 1142, 1143, 1227);

    private final ExportConfig cfg;
    private final ExportFailure failure = new ExportFailure();
    private final TargetTables targetTables;
    private int maxStatementBytes = ChunkCopier.MAX_STATEMENT_BYTES;
    private boolean mariadbTarget = true;

    public ExportRun(ExportConfig cfg) {
        this.cfg = cfg;
        this.targetTables = new TargetTables(cfg, failure);
    }

    public ExportResult run() {
        long t0 = System.nanoTime();
        List<ExportTable> tables;
        Snapshot snapshot;
        FrozenTables frozen = null;
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
            frozen = FrozenTables.of(cfg.source(), src, tables);
            snapshot = Snapshot.open(cfg.source(), cfg.threads(), cfg.snapshot(), mariadb, mayLock, frozen);
            try {
                targetTables.recreate(dst, tables, ddl);
            } catch (SQLException | RuntimeException e) {
                snapshot.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (frozen != null) {
                frozen.close();
            }
            throw e instanceof SQLException sql ? startFailure(sql) : (RuntimeException) e;
        }
        LOG.info("Export of {} tables with {} threads from {} at {} ({})", tables.size(), cfg.threads(),
                cfg.source().describe(), snapshot.position, snapshot.method);
        FrozenTables held = frozen;
        try (snapshot; held) {
            ProgressTracker progress = new ProgressTracker(tables, cfg.listener());
            copy(snapshot, held, order(tables), progress);
            targetTables.addDeferredIndexes();
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

    private static Iso2dbException startFailure(SQLException e) {
        ErrorCode code = Jdbc.isConnectionLoss(e) ? ErrorCode.CONNECTION_FAILED
                : ACCESS_DENIED.contains(e.getErrorCode()) ? ErrorCode.MISSING_PRIVILEGE : ErrorCode.EXPORT_FAILED;
        return new Iso2dbException(code, "Export could not start: " + e.getMessage()
                + (code == ErrorCode.MISSING_PRIVILEGE ? ". Grant it to the user named; nothing was dropped on the target." : ""), e);
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

    private void copy(Snapshot snapshot, FrozenTables frozen, List<ExportTable> tables, ProgressTracker progress) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(cfg.threads() * 4);
        Chunk done = new Chunk(null, 0, null, null);
        List<Thread> threads = new ArrayList<>();
        ChunkWorker.Shared shared = new ChunkWorker.Shared(cfg, queue, done, progress, failure, maxStatementBytes,
                mariadbTarget, new java.util.concurrent.atomic.AtomicBoolean(), frozen);
        for (int i = 0; i < cfg.threads(); i++) {
            Connection source = snapshot.connections.get(i);
            failure.track(source);
            Thread w = new Thread(new ChunkWorker(shared, source), "iso2db-export-" + (i + 1));
            w.setDaemon(true);
            threads.add(w);
        }
        threads.forEach(Thread::start);
        try (Connection c = Jdbc.open(cfg.source(), "source")) {
            failure.track(c);
            Chunker chunker = new Chunker(c, cfg.chunkRows());
            // the held tables first: their writes wait until they are copied
            int held = handOut(chunker, queue, tables.stream().filter(frozen::contains).toList());
            frozen.allHandedOut(held);
            handOut(chunker, queue, tables.stream().filter(t -> !frozen.contains(t)).toList());
        } catch (SQLException | RuntimeException e) {
            failure.fail((Chunk) null, e);
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
                failure.fail((Chunk) null, e);
            }
        }
        failure.throwIfHappened();
    }

    /**
     * Queues every chunk of the tables, a chunk of each table in turn: workers load different tables
     * at once rather than queue on one table's locks (LOAD DATA holds an AUTO_INCREMENT table lock
     * per statement). Returns how many were queued.
     */
    private int handOut(Chunker chunker, BlockingQueue<Chunk> queue, List<ExportTable> tables) throws SQLException {
        int chunks = 0;
        Map<ExportTable, Chunk> last = new LinkedHashMap<>();
        tables.forEach(t -> last.put(t, null));
        while (!last.isEmpty() && !failure.happened()) {
            for (java.util.Iterator<Map.Entry<ExportTable, Chunk>> it = last.entrySet().iterator();
                 it.hasNext() && !failure.happened(); ) {
                Map.Entry<ExportTable, Chunk> e = it.next();
                Chunk next = chunker.next(e.getKey(), e.getValue());
                if (next == null) {
                    it.remove();
                } else {
                    e.setValue(next);
                    put(queue, next);
                    chunks++;
                }
            }
        }
        return chunks;
    }

    private void put(BlockingQueue<Chunk> queue, Chunk chunk) {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (failure.happened()) {
                    return;   // workers stop by themselves
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.fail((Chunk) null, e);
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
