package io.iso2db.internal.pipeline;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.assemble.AssemblerEvents;
import io.iso2db.internal.assemble.TransactionAssembler;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.loop.OriginTracker;
import io.iso2db.internal.preflight.SourceInfo;
import io.iso2db.internal.source.BinlogSource;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.spi.CheckpointStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.MDC;

/**
 * One binlog connection with a fresh assembler, from one committed position until the first
 * failure. Events are applied on the binlog thread; the first exception ends the session.
 */
final class Session {

    private final ReplicatorConfig cfg;
    private final BinlogSource source;
    private final TransactionAssembler assembler;
    private final CompletableFuture<Iso2dbException> failed = new CompletableFuture<>();
    private volatile boolean stopped;

    Session(ReplicatorConfig cfg, SourceInfo info, Applier applier, Position start, AssemblerEvents events) {
        this.cfg = cfg;
        boolean useGtid = start.hasGtid() && (cfg.useGtid() || !start.hasFile());
        GtidTracker gtids = new GtidTracker(info.mariadb(), start.gtidSet().orElse(null));
        boolean tolerantRows = cfg.store().guarantee() == CheckpointStore.Guarantee.AT_LEAST_ONCE;
        this.assembler = new TransactionAssembler(cfg.filter(), applier, gtids, start, tolerantRows, cfg.ignoredThreads(),
                cfg.loop() == null ? null : new OriginTracker(cfg.loop()), events);
        this.source = new BinlogSource(cfg.name(), cfg.source(), cfg.serverId(), start, useGtid, heartbeatMillis(cfg),
                t -> cfg.filter().includesTable(t) || (cfg.loop() != null && Marker.TABLE.equals(t)), event -> {
            if (stopped) {
                return;
            }
            MDC.put("task", cfg.name());
            try {
                assembler.accept(event);
            } catch (Iso2dbException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(new Iso2dbException(ErrorCode.APPLY_FAILED, "Unexpected failure at " + assembler.position()
                        + ": " + e, e));
            }
        }, this::fail);
    }

    /** Heartbeats close an idle group of transactions in time; without grouping they only keep the link alive. */
    private static long heartbeatMillis(ReplicatorConfig cfg) {
        return cfg.grouping().on() ? Math.max(5, cfg.grouping().delay().toMillis()) : 10_000;
    }

    void run() {
        source.connect(cfg.connectTimeout().toMillis());
    }

    /** Blocks until the session fails or is stopped; returns the failure (null when stopped). */
    Iso2dbException awaitFailure() {
        try {
            return failed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fail(Iso2dbException e) {
        if (!stopped) {
            stopped = true;
            failed.complete(e);
        }
    }

    void stop() {
        stopped = true;
        source.disconnect();
        failed.complete(new Iso2dbException(ErrorCode.ILLEGAL_STATE, "session stopped"));
    }
}
