package io.iso2db.internal.server;

import io.iso2db.internal.config.TaskSettings;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one task's status row ({@link TaskStatusTable}), on each lifecycle change (on the
 * service's reporting thread, never the task's) and every few seconds. A failed write is logged
 * once per run of failures and never touches the task.
 */
final class StatusReport {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);

    private final String node;
    private final TaskStatusTable table;
    private final Executor executor;
    private boolean failing;

    StatusReport(String node, TaskSettings task, Executor executor) {
        this.node = node;
        this.table = new TaskStatusTable(task);
        this.executor = executor;
    }

    void submit(TaskRunner runner) {
        try {
            executor.execute(() -> write(runner));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            write(runner);   // the service is stopping: report here
        }
    }

    synchronized void write(TaskRunner runner) {
        try {
            table.write(node, runner);
            if (failing) {
                LOG.info("Task {}: its status row is written again", runner.name());
            }
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Task {}: cannot write its status row (iso2db status will show an old state): {}",
                        runner.name(), e.getMessage());
            }
            failing = true;
        }
    }

    synchronized void close() {
        table.close();
    }
}
