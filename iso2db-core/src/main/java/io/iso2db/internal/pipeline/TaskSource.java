package io.iso2db.internal.pipeline;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.config.ReplicatorConfig;
import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.preflight.Preflight;
import io.iso2db.internal.preflight.ServerIdGuard;
import io.iso2db.internal.preflight.SourceInfo;
import io.iso2db.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server a task reads from, among the configured source and its failover servers, and the
 * lock on the task's server_id there. After a failover the task's configuration is the same one
 * reading from the new server ({@link #config()}).
 */
final class TaskSource {

    private static final Logger LOG = LoggerFactory.getLogger(TaskSource.class);

    private volatile ReplicatorConfig cfg;
    /** The configured source followed by its failover servers. */
    private final List<ConnectionSettings> group;
    private volatile SourceInfo info;
    private ServerIdGuard guard;

    TaskSource(ReplicatorConfig cfg) {
        this.cfg = cfg;
        List<ConnectionSettings> all = new ArrayList<>();
        all.add(cfg.source());
        all.addAll(cfg.sourceFailover());
        this.group = List.copyOf(all);
    }

    ReplicatorConfig config() {
        return cfg;
    }

    /** What the preflight found on the current server (null before {@link #check}). */
    SourceInfo info() {
        return info;
    }

    boolean hasFailover() {
        return group.size() > 1;
    }

    /** Checks the current server (version, binlog settings, privileges) and the settings that depend on it. */
    void check() {
        info = Preflight.checkSource(cfg);
        if (info.mariadb() && !cfg.ignoredThreads().isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "ignoreThreads " + cfg.ignoredThreads()
                    + " cannot work with the MariaDB source " + cfg.source().describe() + ": MariaDB does not log"
                    + " the connection id of row-based transactions, so iso2db cannot tell them apart. Filter by"
                    + " table or database instead (or use loop control for multi-region setups).");
        }
    }

    /** Takes the server_id lock on the current server (taking it over from a former owner when fenced). */
    void lock(boolean takeOver) {
        guard = new ServerIdGuard(cfg.source(), cfg.serverId());
        guard.acquire(takeOver);
    }

    /** Checks the server_id lock is still held (again after a reconnect). */
    void relock() {
        guard.acquire();
    }

    /** The current server's end of binlog, with its GTID state. */
    Position currentPosition() {
        try (Connection c = Jdbc.open(cfg.source(), "source"); Statement st = c.createStatement()) {
            return BinlogStatus.read(st).orElseThrow(() -> new Iso2dbException(ErrorCode.BINLOG_DISABLED,
                    "The binary log is off on " + cfg.source().describe() + ": it has no position to report."))
                    .position(st, info.mariadb());
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot read the binlog position of "
                    + cfg.source().describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A task (re)started while its source is down reads on from a failover server, from the
     * checkpoint the target holds (by GTID). Not with an explicit start position: a file position
     * of one server means nothing on another.
     */
    void failOverAtStartIfDown(CheckpointStore.Context store) {
        if (cfg.startAt() != null || !(cfg.store() instanceof InlineCheckpoint) || SourceFailover.answers(cfg.source())) {
            return;
        }
        cfg.store().open(store);
        cfg.store().load().filter(Position::hasGtid).ifPresent(stored -> {
            ConnectionSettings next = SourceFailover.replacement(cfg.source(), group, stored);
            if (next != cfg.source()) {
                LOG.warn("Task {}: the source {} does not answer; starting on {}, which has every transaction the"
                        + " target has (up to {}), by GTID", cfg.name(), cfg.source().describe(), next.describe(), stored);
                cfg = cfg.withSource(next);
            }
        });
    }

    /** Moves to another server of the group when the current one does not answer (see {@link SourceFailover}). */
    void failOverIfDown(Position committed) {
        ConnectionSettings current = cfg.source();
        if (SourceFailover.answers(current)) {
            return;
        }
        ConnectionSettings next = SourceFailover.replacement(current, group, committed);
        if (next == current) {
            return;
        }
        ReplicatorConfig moved = cfg.withSource(next);
        SourceInfo movedInfo = Preflight.checkSource(moved);
        LOG.warn("Task {}: the source {} does not answer; failing over to {} ({}), which has every transaction the"
                + " target has (up to {}); reading on there by GTID", cfg.name(), current.describe(), next.describe(),
                movedInfo.version(), committed);
        Jdbc.closeQuietly(guard);
        guard = new ServerIdGuard(next, moved.serverId());
        info = movedInfo;
        cfg = moved;
    }

    /** Lets go of the server_id lock. */
    void close() {
        Jdbc.closeQuietly(guard);
    }
}
