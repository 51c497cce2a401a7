package io.iso2db.spi;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.internal.checkpoint.JdbcCheckpointStore;
import io.iso2db.internal.checkpoint.MemoryCheckpointStore;
import io.iso2db.internal.checkpoint.TargetCheckpointStore;
import java.sql.Connection;
import java.util.Optional;

/**
 * Where a task keeps its position, so that a restarted task resumes where it stopped.
 *
 * <p>For each applied transaction the replicator calls {@link #saveInTransaction} on the open
 * target transaction just before it commits, then {@link #saveCommitted} after the commit.
 * A store that writes in the first call gets exactly-once delivery; one that writes in the
 * second gets at-least-once, and the replicator applies the first transaction after a resume
 * idempotently (insert-or-update, tolerant delete) so the replayed one does no harm.
 */
public interface CheckpointStore extends AutoCloseable {

    /** How a store's saves relate to the data commit. */
    enum Guarantee {
        /** The position is written in the same target transaction as the data. */
        EXACTLY_ONCE,
        /** The position is written after the data commit; a crash in between replays one transaction. */
        AT_LEAST_ONCE
    }

    /** Identifies whose position is stored: the task name and its replica {@code server_id}. */
    record Key(String task, long serverId) {
    }

    /**
     * What a store gets when the task starts: its key, the target's connection settings, and
     * whether the task's writes to the target are binlogged (a store writing in the target
     * should keep its own writes out of the binlog when they are not).
     */
    record Context(Key key, ConnectionSettings target, boolean targetBinlog) {
    }

    /** Called once before any other method. */
    default void open(Context context) {
    }

    /** The stored position of the task, empty when none was ever saved. */
    Optional<Position> load();

    /** Called inside the open target transaction, before its commit. Default: nothing. */
    default void saveInTransaction(Position position, Connection target) {
    }

    /** Called after the target committed everything up to {@code position}. Default: nothing. */
    default void saveCommitted(Position position) {
    }

    Guarantee guarantee();

    @Override
    default void close() {
    }

    /** The default: a row in the target ({@code iso2db.checkpoint}), written in the data's transaction. */
    static CheckpointStore inTarget() {
        return new TargetCheckpointStore("iso2db");
    }

    /** As {@link #inTarget()} with the checkpoint table in another target database. */
    static CheckpointStore inTarget(String database) {
        return new TargetCheckpointStore(database);
    }

    /**
     * The classic status database: table {@code dump2db.position} on a separate server, keyed by
     * {@code server_id}, written after each data commit (the original tool's {@code [status]} section).
     * The position is also written in the target with the data ({@code iso2db.checkpoint}), and
     * a resume takes the further of the two: exactly-once, also for tables without a key.
     */
    static CheckpointStore jdbc(ConnectionSettings statusServer) {
        return new JdbcCheckpointStore(statusServer, "dump2db");
    }

    /**
     * As {@link #jdbc(ConnectionSettings)}, with the status table in {@code statusDatabase} on the
     * status server (instead of {@code dump2db}) and the target's half in {@code targetDatabase}
     * (instead of {@code iso2db}).
     */
    static CheckpointStore jdbc(ConnectionSettings statusServer, String statusDatabase, String targetDatabase) {
        return new JdbcCheckpointStore(statusServer, statusDatabase, targetDatabase);
    }

    /**
     * Keeps the position in this JVM only; it survives {@code Replicator} restarts, not JVM restarts.
     * At-least-once: the first transaction after a resume is applied idempotently, which is exact
     * for tables with a primary or unique key but may duplicate rows of tables without one.
     */
    static CheckpointStore inMemory() {
        return new MemoryCheckpointStore();
    }
}
