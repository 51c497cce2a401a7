package io.iso2db;

import io.iso2db.internal.checkpoint.JdbcCheckpointStore;
import io.iso2db.internal.checkpoint.MemoryCheckpointStore;
import io.iso2db.internal.checkpoint.TargetCheckpointStore;
import io.iso2db.spi.CheckpointStore;

/** The checkpoint stores iso2db brings (a store of one's own implements {@link CheckpointStore}). */
public final class CheckpointStores {

    private CheckpointStores() {
    }

    /** The default: a row in the target ({@code iso2db.checkpoint}), written in the data's transaction. */
    public static CheckpointStore inTarget() {
        return new TargetCheckpointStore("iso2db");
    }

    /** As {@link #inTarget()} with the checkpoint table in another target database. */
    public static CheckpointStore inTarget(String database) {
        return new TargetCheckpointStore(database);
    }

    /**
     * The classic status database: table {@code dump2db.position} on a separate server, keyed by
     * {@code server_id}, written after each data commit (the original tool's {@code [status]} section).
     * The position is also written in the target with the data ({@code iso2db.checkpoint}), and
     * a resume takes the further of the two: exactly-once, also for tables without a key.
     */
    public static CheckpointStore jdbc(ConnectionSettings statusServer) {
        return new JdbcCheckpointStore(statusServer, "dump2db");
    }

    /**
     * As {@link #jdbc(ConnectionSettings)}, with the status table in {@code statusDatabase} on the
     * status server (instead of {@code dump2db}) and the target's half in {@code targetDatabase}
     * (instead of {@code iso2db}).
     */
    public static CheckpointStore jdbc(ConnectionSettings statusServer, String statusDatabase, String targetDatabase) {
        return new JdbcCheckpointStore(statusServer, statusDatabase, targetDatabase);
    }

    /**
     * As {@link #jdbc(ConnectionSettings)}; with {@code statusBinlog} false the status writes stay
     * out of the status server's binary log (original tool: {@code [status] binlog=False}; needs
     * BINLOG ADMIN or SUPER there).
     */
    public static CheckpointStore jdbc(ConnectionSettings statusServer, boolean statusBinlog) {
        return new JdbcCheckpointStore(statusServer, "dump2db").binlog(statusBinlog);
    }

    /**
     * Keeps the position in this JVM only; it survives {@code Replicator} restarts, not JVM restarts.
     * At-least-once: the first transaction after a resume is applied idempotently, which is exact
     * for tables with a primary or unique key but may duplicate rows of tables without one.
     */
    public static CheckpointStore inMemory() {
        return new MemoryCheckpointStore();
    }
}
