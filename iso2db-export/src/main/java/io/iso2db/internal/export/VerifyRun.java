package io.iso2db.internal.export;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.export.TableVerdict;
import io.iso2db.export.VerifyProgress;
import io.iso2db.export.VerifyResult;
import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One verify: the tables, the cut, then workers comparing chunks in parallel (see {@code Verifier}). */
public final class VerifyRun {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyRun.class);

    private final VerifyConfig cfg;
    private final AtomicReference<Iso2dbException> failure = new AtomicReference<>();
    private final AtomicLong rowsDone = new AtomicLong();
    private long rowsEstimated;
    private long started;

    public VerifyRun(VerifyConfig cfg) {
        this.cfg = cfg;
    }

    public VerifyResult run() {
        List<TableTally> tallies = new ArrayList<>();
        VerifyCut cut;
        FrozenTables frozen = null;
        try (Connection src = Jdbc.open(cfg.source(), "source"); Connection dst = Jdbc.open(cfg.target(), "target")) {
            Iso2dbException missing = io.iso2db.internal.preflight.SourceDatabases.missing(src, cfg.databases(),
                    "the source " + cfg.source().describe());
            if (missing != null) {
                throw missing;
            }
            List<ExportTable> tables = TableCatalog.tables(src, cfg.databases(), cfg.filter());
            Map<TableId, TableId> targets = new LinkedHashMap<>();
            for (ExportTable t : tables) {
                TableId target = cfg.routes().target(t.id());
                requireOnTarget(dst, t.id(), target);
                targets.put(t.id(), target);
                tallies.add(new TableTally(t, target, uniqueKey(src, t), cfg.reportRows(), cfg.repairSql()));
                rowsEstimated += t.estimatedRows();
            }
            frozen = FrozenTables.of(cfg.source(), src, tables, dst, targets);
            cut = VerifyCut.open(cfg, BinlogStatus.isMariaDb(ExportRun.version(src)), ExportChecks.hasReload(src), frozen);
        } catch (SQLException | RuntimeException e) {
            if (frozen != null) {
                frozen.close();
            }
            if (e instanceof SQLException sql) {
                throw new Iso2dbException(Jdbc.isConnectionLoss(sql) ? ErrorCode.CONNECTION_FAILED : ErrorCode.VERIFY_FAILED,
                        "Verify could not start: " + sql.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
        started = System.nanoTime();
        FrozenTables held = frozen;
        try (cut; held) {
            compare(cut, tallies, held);
        }
        Iso2dbException f = failure.get();
        if (f != null) {
            throw f;
        }
        List<TableVerdict> verdicts = tallies.stream().map(TableTally::verdict).toList();
        List<String> repair = new ArrayList<>();
        tallies.forEach(t -> repair.addAll(t.repairSql()));
        if (!repair.isEmpty()) {
            repair.add(0, "SET SESSION time_zone = '+00:00';");   // temporal values were read in UTC
        }
        VerifyResult result = new VerifyResult(cut.position, verdicts, Duration.ofNanos(System.nanoTime() - started),
                cut.held(), cut.consistent, repair);
        LOG.info("{}", result.report().strip());
        return result;
    }

    private void compare(VerifyCut cut, List<TableTally> tallies, FrozenTables frozen) {
        BlockingQueue<Job> queue = new ArrayBlockingQueue<>(cfg.threads() * 4);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < cfg.threads(); i++) {
            ChunkComparer comparer = new ChunkComparer(cut.source.get(i), cut.target.get(i));
            Thread w = new Thread(() -> work(comparer, queue, frozen), "iso2db-verify-" + (i + 1));
            w.setDaemon(true);
            workers.add(w);
        }
        workers.forEach(Thread::start);
        try (Connection c = Jdbc.open(cfg.source(), "source")) {
            Chunker chunker = new Chunker(c, cfg.chunkRows());
            // the held tables first: their writes, and the replicator, wait until they are compared
            int held = 0;
            for (TableTally t : tallies.stream().filter(t -> frozen.contains(t.table)).toList()) {
                held += handOut(chunker, queue, t);
            }
            frozen.allHandedOut(held);
            for (TableTally t : tallies.stream().filter(t -> !frozen.contains(t.table)).toList()) {
                handOut(chunker, queue, t);
            }
        } catch (SQLException e) {
            failure.compareAndSet(null, new Iso2dbException(ErrorCode.VERIFY_FAILED, "Cutting the tables into key ranges"
                    + " failed: " + e.getMessage(), e));
        } finally {
            for (int i = 0; i < workers.size(); i++) {
                put(queue, Job.DONE);
            }
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Queues the table's chunks; returns how many. */
    private int handOut(Chunker chunker, BlockingQueue<Job> queue, TableTally t) throws SQLException {
        return chunker.chunks(t.table, chunk -> put(queue, new Job(t, chunk)), () -> failure.get() != null);
    }

    private record Job(TableTally tally, Chunk chunk) {
        static final Job DONE = new Job(null, null);
    }

    private void put(BlockingQueue<Job> queue, Job job) {
        try {
            while (!queue.offer(job, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure.get() != null && job != Job.DONE) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(ChunkComparer comparer, BlockingQueue<Job> queue, FrozenTables frozen) {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == Job.DONE) {
                return;
            }
            if (failure.get() != null) {
                continue;
            }
            try {
                long rows = comparer.compare(job.tally, job.chunk.where());
                job.tally.chunkDone(rows);
                frozen.chunkDone(job.chunk);
                progress(job.tally.table.id(), rows, job.tally.differences());
                throttle(frozen);
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new Iso2dbException(ErrorCode.VERIFY_FAILED, "Verify was interrupted", e));
                return;
            } catch (SQLException | RuntimeException e) {
                failure.compareAndSet(null, new Iso2dbException(Jdbc.isConnectionLoss(e) ? ErrorCode.CONNECTION_FAILED
                        : ErrorCode.VERIFY_FAILED, "Verify failed comparing " + job.chunk.describe() + " with "
                        + job.tally.target + ": " + e.getMessage(), e));
            }
        }
    }

    private synchronized void progress(TableId table, long rows, long differences) {
        long done = rowsDone.addAndGet(rows);
        if (cfg.listener() != null) {
            try {
                cfg.listener().onProgress(new VerifyProgress(table, done, rowsEstimated, differences,
                        Duration.ofNanos(System.nanoTime() - started)));
            } catch (RuntimeException e) {
                LOG.warn("Verify listener failed; ignored", e);
            }
        }
    }

    /** Keeps to the rows-per-second cap, and waits while the replicator lags more than allowed. */
    private void throttle(FrozenTables frozen) throws InterruptedException {
        if (cfg.rowsPerSecond() > 0) {
            long due = started + rowsDone.get() * 1_000_000_000L / cfg.rowsPerSecond();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        if (cfg.maxLag() != null && cfg.replicator() != null) {
            // not while the task is held for the tables outside transactions: it lags until they are compared
            while (cfg.replicator().lagMillis() > cfg.maxLag().toMillis() && failure.get() == null && !frozen.holding()) {
                Thread.sleep(100);
            }
        }
    }

    private void requireOnTarget(Connection dst, TableId source, TableId target) throws SQLException {
        try (PreparedStatement ps = dst.prepareStatement("SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, target.database());
            ps.setString(2, target.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new Iso2dbException(ErrorCode.TARGET_TABLE_MISSING, "Verify: the target "
                            + cfg.target().describe() + " has no table " + target + " (for source table " + source
                            + "); every row of it is missing. Export it, or leave it out with excludeTables.");
                }
            }
        }
    }

    /** The chunk key when its index is unique (rows then match by key), else none. */
    private static List<Integer> uniqueKey(Connection c, ExportTable t) throws SQLException {
        if (!t.chunked()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(NON_UNIQUE) FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ?")) {
            ps.setString(1, t.id().database());
            ps.setString(2, t.id().table());
            ps.setString(3, t.chunkIndex());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 0 ? t.chunkKey() : List.of();
            }
        }
    }
}
