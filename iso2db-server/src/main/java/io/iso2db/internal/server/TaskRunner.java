package io.iso2db.internal.server;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.export.ExportProgress;
import io.iso2db.export.ExportResult;
import io.iso2db.export.Exporter;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.internal.pipeline.Transience;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one task of the service on a thread of its own: the export first when {@code full=True}
 * and nothing was replicated yet, then replication; a failure a reconnect may cure is retried with
 * back-off, any other leaves the task FAILED (the other tasks run on). One log line per lifecycle
 * change, with the task's name.
 */
final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final String name;
    private final TaskSettings settings;
    private final AtomicReference<TaskState> state = new AtomicReference<>(TaskState.STARTING);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Replicator> replicator = new AtomicReference<>();
    private final TaskCounters counters;
    private final AtomicLong exportRows = new AtomicLong();
    private final AtomicLong exportRowsEstimated = new AtomicLong();
    private final Object lock = new Object();
    private final StatusReport report;
    private final boolean fenced;
    private final java.util.function.Consumer<Iso2dbException> onFailure;
    private volatile boolean stopping;
    private Thread thread;

    TaskRunner(TaskSettings settings, StatusReport report) {
        this(settings, report, false, e -> { });
    }

    /**
     * A task that runs {@code fenced} (cluster mode: it takes the task over in the target); {@code onFailure}
     * hears the error that left it FAILED.
     */
    TaskRunner(TaskSettings settings, StatusReport report, boolean fenced,
               java.util.function.Consumer<Iso2dbException> onFailure) {
        this.name = settings.name();
        this.settings = settings;
        this.report = report;
        this.counters = new TaskCounters(name);
        this.fenced = fenced;
        this.onFailure = onFailure;
    }

    /** Cluster mode: a task this node does not hold the lease of (never started). */
    static TaskRunner standby(TaskSettings settings, StatusReport report) {
        TaskRunner r = new TaskRunner(settings, report);
        r.state.set(TaskState.STANDBY);
        return r;
    }

    /** A task whose file cannot be loaded: FAILED with the file's problems, until the file is fixed. */
    TaskRunner(String name, String problems) {
        this.name = name;
        this.settings = null;
        this.report = null;
        this.counters = new TaskCounters(name);
        this.fenced = false;
        this.onFailure = e -> { };
        lastError.set(problems);
        state.set(TaskState.FAILED);
    }

    /** Reports the task's status to its {@code task_status} row (not for a task whose file cannot be loaded). */
    void report() {
        if (report != null && state.get() != TaskState.STANDBY) {   // the owner's row is the one that counts
            report.write(this);
        }
    }

    String name() {
        return name;
    }

    TaskSettings settings() {
        return settings;
    }

    void start() {
        if (settings == null) {
            LOG.error("Task {} FAILED: {}", name, lastError.get());
            return;
        }
        thread = new Thread(this::run, "iso2db-task-" + name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        MDC.put("task", name());
        long backoff = 1_000;
        while (!stopping) {
            try {
                runOnce();
                return;   // closed by stop()
            } catch (Iso2dbException e) {
                if (stopping) {
                    return;
                }
                lastError.set(e.code() + ": " + e.getMessage());
                if (!Transience.isTransient(e)) {
                    change(TaskState.FAILED, lastError.get());
                    onFailure.accept(e);
                    return;
                }
                change(TaskState.RETRYING, lastError.get() + "; next attempt in " + backoff + " ms");
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            } catch (RuntimeException e) {
                lastError.set(e.toString());
                change(TaskState.FAILED, e.toString());
                LOG.error("Task {} failed unexpectedly", name(), e);
                return;
            }
        }
    }

    private void runOnce() {
        Replicator r;
        if (settings.full() && HandOver.storedPosition(settings).isEmpty()) {
            change(TaskState.EXPORTING, "export of " + settings.databases() + " with " + settings.threads()
                    + " threads (a restart before it ends starts it again)");
            ExportResult result = exporter().run();
            HandOver.record(settings, result.position());
            LOG.info("Task {} exported {} rows; replication starts at {}", name(), result.rows(), result.position());
        }
        var builder = settings.replicator().listener(counters);
        r = (fenced ? builder.fenced() : builder).build();
        synchronized (lock) {
            if (stopping) {
                return;
            }
            replicator.set(r);
        }
        r.start();
        change(TaskState.RUNNING, "replicating from " + r.position());
        try {
            while (!r.awaitTermination(Duration.ofSeconds(1))) {
                // waits for the task to stop: failed, or closed by stop()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Iso2dbException failure = r.failure();
        r.close();
        if (failure != null) {
            throw failure;
        }
    }

    private Exporter exporter() {
        return HandOver.exporter(settings).listener(this::exportProgress).build();
    }

    private void exportProgress(ExportProgress p) {
        exportRows.set(p.rows());
        exportRowsEstimated.set(p.rowsEstimated());
    }

    /** Stops the task: the open target transaction is rolled back, the checkpoint stays at the last commit. */
    void stop(Duration timeout) {
        stopping = true;
        Replicator r;
        synchronized (lock) {
            r = replicator.get();
        }
        if (r != null) {
            r.close();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (state.get() == TaskState.STANDBY) {
            return;   // never started: nothing to stop or report
        }
        if (state.get() != TaskState.FAILED) {
            change(TaskState.STOPPED, "stopped");   // a failed task stays FAILED: its error is what status must show
        }
        report();   // at once: the service is about to exit
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void change(TaskState next, String why) {
        TaskState before = state.getAndSet(next);
        if (before == next && next != TaskState.RETRYING) {
            return;
        }
        if (next == TaskState.FAILED || next == TaskState.RETRYING) {
            LOG.warn("Task {} {} → {}: {}", name(), before, next, why);
        } else {
            LOG.info("Task {} {} → {}: {}", name(), before, next, why);
        }
        if (report != null && next != TaskState.STOPPED) {
            report.submit(this);
        }
    }

    TaskState state() {
        return state.get();
    }

    String lastError() {
        return lastError.get();
    }

    /** The position last committed on the target, or null before replication started. */
    Position position() {
        Replicator r = replicator.get();
        return r == null ? null : r.position();
    }

    double lagSeconds() {
        Replicator r = replicator.get();
        return r == null || state.get() != TaskState.RUNNING ? Double.NaN : r.lagMillis() / 1000.0;
    }

    /** What the task applied since this runner started it. */
    TaskCounters counters() {
        return counters;
    }

    long exportRows() {
        return exportRows.get();
    }

    long exportRowsEstimated() {
        return exportRowsEstimated.get();
    }
}
