package io.iso2db.internal.export;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first failure of an export, shared by its threads: recording it aborts every connection the
 * export opened, so the other workers stop at once instead of finishing their chunks.
 */
final class ExportFailure {

    private static final Logger LOG = LoggerFactory.getLogger(ExportFailure.class);

    private final AtomicReference<Iso2dbException> first = new AtomicReference<>();
    private final List<Connection> open = new CopyOnWriteArrayList<>();

    /** A connection to abort on failure. */
    void track(Connection c) {
        open.add(c);
    }

    boolean happened() {
        return first.get() != null;
    }

    void throwIfHappened() {
        Iso2dbException e = first.get();
        if (e != null) {
            throw e;
        }
    }

    /** Records a failure copying {@code chunk} (null: while cutting tables into chunks). */
    void fail(Chunk chunk, Throwable e) {
        fail(chunk == null ? "while cutting tables into chunks" : "copying " + chunk.describe(), e);
    }

    void fail(String where, Throwable e) {
        Iso2dbException error = new Iso2dbException(ErrorCode.EXPORT_FAILED, "Export failed " + where + ": "
                + e.getMessage() + ". All workers stopped; the target tables of this export are incomplete."
                + (outOfMemory(e) ? " The JVM ran out of heap: each worker holds the source row it copies (rows of"
                        + " BLOBs may be megabytes); give the JVM more heap (-Xmx) or use fewer threads." : "")
                + " Fix the cause and run the export again (it re-creates the tables).", e);
        if (first.compareAndSet(null, error)) {
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
}
