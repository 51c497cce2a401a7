package io.iso2db.internal.server;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The checkpoint of a {@code full=True} task around its export: the export's end position is
 * stored as soon as the export ends, so a restart after it resumes replication and never exports
 * again over data that replication has changed since.
 */
public final class HandOver {

    private HandOver() {
    }

    /** The task's stored position, if any. */
    public static Optional<Position> storedPosition(TaskSettings task) {
        try (CheckpointStore store = task.checkpointStore()) {
            store.open(context(task));
            return store.load();
        }
    }

    /** Stores {@code position} as the task's checkpoint, as a replicated transaction would. */
    static void record(TaskSettings task, Position position) {
        try (CheckpointStore store = task.checkpointStore(); Connection target = Jdbc.open(task.target(), "target")) {
            store.open(context(task));
            if (!task.targetBinlog()) {
                try (Statement st = target.createStatement()) {
                    st.execute("SET SESSION sql_log_bin = 0");
                }
            }
            target.setAutoCommit(false);
            store.saveInTransaction(position, target);
            target.commit();
            store.saveCommitted(position);
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CHECKPOINT_FAILED, "Task " + task.name() + ": cannot store the export's"
                    + " position " + position + " on " + task.target().describe() + ": " + e.getMessage(), e);
        }
    }

    /** An exporter of the task's databases and tables, as {@code full=True} runs it. */
    public static io.iso2db.export.ExporterBuilder exporter(TaskSettings task) {
        var b = io.iso2db.export.Exporter.builder().source(task.source()).target(task.target())
                .databases(task.databases().toArray(String[]::new)).threads(task.threads())
                .targetBinlog(task.targetBinlog());
        selectTables(task, b::tables, b::excludeTables);
        return b;
    }

    /**
     * A verifier of the task's databases and tables (with its routes), without a replicator: it
     * compares quiet servers and says when writes went on while its snapshots opened.
     */
    public static io.iso2db.export.VerifierBuilder verifier(TaskSettings task) {
        var b = io.iso2db.export.Verifier.builder().source(task.source()).target(task.target())
                .databases(task.databases().toArray(String[]::new)).threads(task.threads());
        selectTables(task, b::tables, b::excludeTables);
        task.routes().forEach(b::route);
        return b;
    }

    /** The task's {@code tables} and {@code exclude_tables}, handed to an exporter's or a verifier's builder. */
    private static void selectTables(TaskSettings task, java.util.function.Consumer<String[]> tables,
                                     java.util.function.Consumer<String[]> excluded) {
        if (!task.tables().isEmpty()) {
            tables.accept(task.tables().toArray(String[]::new));
        }
        if (!task.excludedTables().isEmpty()) {
            excluded.accept(task.excludedTables().toArray(String[]::new));
        }
    }

    private static CheckpointStore.Context context(TaskSettings task) {
        return new CheckpointStore.Context(new CheckpointStore.Key(task.name(), task.serverId()), task.target(),
                task.targetBinlog());
    }
}
