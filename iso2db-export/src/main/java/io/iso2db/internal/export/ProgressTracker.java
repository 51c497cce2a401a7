package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import io.iso2db.export.ExportListener;
import io.iso2db.export.ExportProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts committed rows per table, tells the listener and logs every few seconds. Thread-safe. */
final class ProgressTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final ExportListener listener;
    private final Map<TableId, Long> estimates = new HashMap<>();
    private final Map<TableId, Long> rows = new HashMap<>();
    private final Map<TableId, Integer> chunks = new HashMap<>();
    private final long estimated;
    private final long start = System.nanoTime();
    private long lastLog = start;
    private long total;
    private long bytes;

    ProgressTracker(List<ExportTable> tables, ExportListener listener) {
        this.listener = listener;
        long sum = 0;
        for (ExportTable t : tables) {
            estimates.put(t.id(), t.estimatedRows());
            rows.put(t.id(), 0L);
            chunks.put(t.id(), 0);
            sum += t.estimatedRows();
        }
        this.estimated = sum;
    }

    synchronized void committed(Chunk chunk, ChunkCopier.Copied copied) {
        TableId id = chunk.table().id();
        long tableRows = rows.merge(id, copied.rows(), Long::sum);
        chunks.merge(id, 1, Integer::sum);
        total += copied.rows();
        bytes += copied.bytes();
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - start);
        Duration remaining = total == 0 || estimated <= total ? null
                : Duration.ofMillis((long) (elapsed.toMillis() * (double) (estimated - total) / total));
        ExportProgress p = new ExportProgress(id, tableRows, estimates.get(id), total, estimated, bytes, elapsed, remaining);
        if (now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            LOG.info("Export: {} of ~{} rows ({}%), {} MB written, {} s elapsed{}", total, estimated,
                    String.format("%.1f", p.percent()), bytes >> 20, elapsed.toSeconds(),
                    remaining == null ? "" : ", ~" + remaining.toSeconds() + " s left");
        }
        if (listener != null) {
            try {
                listener.onProgress(p);
            } catch (RuntimeException e) {
                LOG.warn("Export listener failed; ignored", e);
            }
        }
    }

    synchronized long rows(TableId id) {
        return rows.get(id);
    }

    synchronized int chunks(TableId id) {
        return chunks.get(id);
    }
}
