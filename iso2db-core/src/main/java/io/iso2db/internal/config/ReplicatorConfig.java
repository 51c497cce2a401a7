package io.iso2db.internal.config;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.filter.Filter;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.spi.ReplicationListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything a replication task was built with; validated by the builder, immutable.
 *
 * @param startAt      explicit start position, or null (resume, else the source's current end)
 * @param fallbackStart where to start when no checkpoint is stored, or null (then the source's current end)
 * @param resume       require a stored position (original tool: {@code daemon=True})
 * @param useGtid      connect by GTID (original tool: {@code auto_position=True})
 * @param grouping     group commit of consecutive source transactions
 * @param ignoredThreads source connection ids whose transactions are skipped (MySQL sources only)
 * @param loop         loop control, or null when off
 * @param conflicts    what to do when a row change does not fit the target
 * @param routes       source databases/tables applied under other names
 * @param compareBeforeImage whether UPDATE/DELETE must match the target row's other columns too (by default
 *                     with loop control only; off when the task deliberately lets the target differ: ignored
 *                     inserts or updates, custom filters)
 * @param targetBinlog whether applied changes are written to the target's binlog (original tool: destination {@code binlog})
 * @param skipStatementChanges whether changes the source logged as statements are skipped with a warning
 *                     (else they stop the task)
 * @param startRetry   how long {@code start()} keeps retrying connection failures (zero: not at all)
 * @param tables       the table patterns the filter was built from (empty: all tables), for preflight
 * @param applySessions how many target sessions apply at once (1: one)
 * @param fenced       take the task over at start (raise the epoch in the target's checkpoint row) and
 *                     check it with every commit (cluster mode)
 * @param coordinator  decides which node runs the task (then fenced), or null
 * @param sourceTimeout how long the source may send nothing (no event, no heartbeat) before the binlog
 *                     connection counts as lost
 * @param targetTimeout how long a statement or commit on the target may go unanswered before the
 *                     connection counts as lost (DDL is exempt), zero for no limit
 * @param sourceFailover other servers holding the source's binlog by GTID, tried in order when the
 *                     source does not answer
 */
public record ReplicatorConfig(String name, ConnectionSettings source, ConnectionSettings target, long serverId,
                               Set<String> databases, Filter filter, Position startAt,
                               Position fallbackStart,
                               boolean resume, boolean useGtid, CheckpointStore store,
                               List<ReplicationListener> listeners, boolean targetBinlog, Duration connectTimeout,
                               io.iso2db.internal.apply.Grouping grouping, Set<Long> ignoredThreads,
                               io.iso2db.LoopControl loop, io.iso2db.ConflictPolicy conflicts,
                               io.iso2db.internal.route.Routes routes, boolean compareBeforeImage,
                               boolean skipStatementChanges, Duration startRetry, Set<String> tables,
                               int applySessions, boolean fenced, io.iso2db.spi.Coordinator coordinator,
                               Duration sourceTimeout, Duration targetTimeout, List<ConnectionSettings> sourceFailover) {

    /** This configuration reading from {@code other} instead, by GTID (positions in files differ between servers). */
    public ReplicatorConfig withSource(ConnectionSettings other) {
        return new ReplicatorConfig(name, other, target, serverId, databases, filter, startAt, fallbackStart, resume, true,
                store, listeners, targetBinlog, connectTimeout, grouping, ignoredThreads, loop, conflicts, routes,
                compareBeforeImage, skipStatementChanges, startRetry, tables, applySessions, fenced, coordinator,
                sourceTimeout, targetTimeout, sourceFailover);
    }
}
