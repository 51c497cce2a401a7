package io.iso2db.spi;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import java.sql.Connection;
import java.util.Optional;

/**
 * Where a task keeps its position, so that a restarted task resumes where it stopped.
 *
 * <p>For each target commit the replicator calls {@link #saveInTransaction} on the open target
 * transaction just before it commits, then {@link #saveCommitted} after the commit, with the
 * position after the last source transaction in it (one, or a group of consecutive ones while the
 * task is behind). A store that writes in the first call gets exactly-once delivery; one that
 * writes in the second gets at-least-once: then each source transaction gets a commit of its own,
 * and the replicator applies the first transaction after a resume idempotently (insert-or-update,
 * tolerant delete) so the replayed one does no harm.
 *
 * <p>The stores iso2db brings are made by {@link io.iso2db.CheckpointStores}.
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
}
