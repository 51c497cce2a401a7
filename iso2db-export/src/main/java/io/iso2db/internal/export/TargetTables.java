package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export's tables on the target: created again before the load without their secondary
 * indexes (loading is faster without them), which are added once every chunk is in.
 */
final class TargetTables {

    private static final Logger LOG = LoggerFactory.getLogger(TargetTables.class);

    private final ExportConfig cfg;
    private final ExportFailure failure;
    /** ALTER TABLEs adding the secondary indexes left out of the CREATE TABLEs, run after the load. */
    private final List<String> deferred = new ArrayList<>();

    TargetTables(ExportConfig cfg, ExportFailure failure) {
        this.cfg = cfg;
        this.failure = failure;
    }

    /** Drops and creates each table as on the source ({@code ddl}: SHOW CREATE by table, and by database with an empty table name). */
    void recreate(Connection dst, List<ExportTable> tables, Map<TableId, String> ddl) throws SQLException {
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

    /** Builds the secondary indexes left out while loading, a table per worker. */
    void addDeferredIndexes() {
        if (deferred.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Queue<String> todo = new ConcurrentLinkedQueue<>(deferred);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(cfg.threads(), deferred.size()); i++) {
            Thread w = new Thread(() -> {
                try (Connection c = ChunkWorker.targetSession(cfg); Statement st = c.createStatement()) {
                    failure.track(c);
                    for (String alter = todo.poll(); alter != null && !failure.happened(); alter = todo.poll()) {
                        st.execute(alter);
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.fail("building the secondary indexes after the load", e);
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
                failure.fail("building the secondary indexes after the load", e);
            }
        }
        failure.throwIfHappened();
        LOG.info("Secondary indexes of {} tables built after the load in {} ms", deferred.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
