package io.iso2db.internal.export;

import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export worker: reads chunks from its snapshot connection and writes each in one target
 * transaction (LOAD DATA where it carries the table, else multi-row INSERTs), until it takes the
 * end marker or the export fails.
 */
final class ChunkWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);
    private static final int DEADLOCK_ATTEMPTS = 10;

    /** What every worker of one export shares. */
    record Shared(ExportConfig cfg, BlockingQueue<Chunk> queue, Chunk done, ProgressTracker progress,
                  ExportFailure failure, int maxStatementBytes, boolean mariadbTarget, AtomicBoolean loadDataRefused,
                  FrozenTables frozen) {
    }

    private final Shared shared;
    private final Connection source;

    ChunkWorker(Shared shared, Connection source) {
        this.shared = shared;
        this.source = source;
    }

    @Override
    public void run() {
        Chunk chunk = null;
        ExportFailure failure = shared.failure();
        try (Connection target = targetSession(shared.cfg())) {
            failure.track(target);
            ChunkCopier inserts = new ChunkCopier(source, target, shared.maxStatementBytes());
            LoadDataCopier loads = new LoadDataCopier(source, target);
            boolean uniqueChecks = false;
            while (!failure.happened()) {
                chunk = shared.queue().poll(100, TimeUnit.MILLISECONDS);
                if (chunk == shared.done()) {
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
                ChunkWrite copier = !shared.loadDataRefused().get() && LoadDataCopier.carries(c.table(), shared.mariadbTarget())
                        ? stop -> loadOrInsert(loads, inserts, target, c, stop) : stop -> inserts.copy(c, stop);
                ChunkCopier.Copied copied = copyRetryingDeadlocks(copier, target, chunk);
                if (copied != null) {
                    shared.progress().committed(chunk, copied);
                    shared.frozen().chunkDone(chunk);
                }
            }
        } catch (SQLException | RuntimeException | InterruptedException | Error e) {
            failure.fail(chunk, e);
        }
    }

    /** LOAD DATA, or INSERTs from now on when the target refuses local files (MySQL's default local_infile=OFF). */
    private ChunkCopier.Copied loadOrInsert(LoadDataCopier loads, ChunkCopier inserts, Connection target, Chunk c,
                                            BooleanSupplier stop) throws SQLException {
        try {
            return loads.copy(c, stop);
        } catch (SQLException e) {
            if (!LoadDataCopier.refused(e)) {
                throw e;
            }
            if (shared.loadDataRefused().compareAndSet(false, true)) {
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
        ChunkCopier.Copied copy(BooleanSupplier stop) throws SQLException;
    }

    /**
     * Copies a chunk; when the target picks its transaction as a deadlock victim (parallel inserts
     * into one table can deadlock on index locks) or a lock wait times out (another session holds a
     * key), the chunk is rolled back whole and copied again, up to ten times.
     */
    private ChunkCopier.Copied copyRetryingDeadlocks(ChunkWrite copier, Connection target, Chunk chunk)
            throws SQLException, InterruptedException {
        ExportFailure failure = shared.failure();
        for (int attempt = 1; ; attempt++) {
            try {
                return copier.copy(failure::happened);
            } catch (SQLException e) {
                boolean retryable = e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
                if (!retryable || attempt >= DEADLOCK_ATTEMPTS || failure.happened()) {
                    throw e;
                }
                target.rollback();
                LOG.info("{} {} on the target; copying it again (attempt {})", chunk.describe(),
                        e.getErrorCode() == 1213 ? "was a deadlock victim" : "timed out waiting for a lock", attempt + 1);
                Thread.sleep(20L * attempt);
            }
        }
    }

    /** A target session as the export writes: UTC, not strict (see below), no checks, READ COMMITTED. */
    static Connection targetSession(ExportConfig cfg) throws SQLException {
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
}
