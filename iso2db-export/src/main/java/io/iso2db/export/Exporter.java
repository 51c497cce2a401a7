package io.iso2db.export;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Replicator;
import io.iso2db.ReplicatorBuilder;
import io.iso2db.internal.export.ExportConfig;
import io.iso2db.internal.export.ExportRun;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies tables from a source to a target under one consistent snapshot, in parallel key ranges,
 * and returns the binlog position a {@link Replicator} continues from (the original tool's {@code full=True}).
 * Target tables are dropped and re-created from the source's definition. Runs once.
 *
 * <pre>{@code
 * ExportResult r = Exporter.builder().source(src).target(dst).databases("shop").threads(8).build().run();
 * Replicator.builder()...startAt(r.position()).build().start();
 * }</pre>
 */
public final class Exporter {

    private final ExportConfig config;
    private final AtomicBoolean ran = new AtomicBoolean();

    Exporter(ExportConfig config) {
        this.config = config;
    }

    public static ExporterBuilder builder() {
        return new ExporterBuilder();
    }

    /**
     * Runs the export; blocks until every table is copied.
     *
     * @throws Iso2dbException with {@code MISSING_PRIVILEGE} before anything on the target changed, or
     *                         {@code EXPORT_FAILED} naming the table, chunk and cause when a worker failed
     */
    public ExportResult run() {
        if (!ran.compareAndSet(false, true)) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "An Exporter runs once; build a new one");
        }
        return new ExportRun(config).run();
    }

    /**
     * Runs the export, then starts {@code replication} exactly at its position: the original tool's
     * {@code full=True}. The replication settings are checked first, before anything is copied. {@code replication} must not choose another start ({@code resume()},
     * {@code resumeOrStartAt()}). Returns the running replicator.
     */
    public Replicator runThenReplicate(ReplicatorBuilder replication) {
        // the replication settings are checked before anything is copied: a mistake there must not cost an export
        replication.startAt(io.iso2db.Position.file("mysql-bin.000001", 4)).build();
        ExportResult result = run();
        Replicator r = replication.startAt(result.position()).build();
        r.start();
        return r;
    }

    @Override
    public String toString() {
        return "Exporter[" + config.source().describe() + " -> " + config.target().describe() + ", " + config.filter()
                + ", threads=" + config.threads() + "]";
    }
}
