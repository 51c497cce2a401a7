package io.iso2db.internal.server;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.config.TaskSettings;
import io.iso2db.spi.Coordinator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: every task of the configuration, each isolated on its own thread (one
 * task's failure never stops another), the HTTP port, and reloads — a task file that was added,
 * removed or changed starts, stops or restarts that task only (checked every 2 s and on SIGHUP).
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    /** Each task's share of the shutdown: the whole service exits well within 10 s. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(7);

    private final ServiceSettings settings;
    private final Map<String, TaskRunner> tasks = new ConcurrentSkipListMap<>();
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iso2db-reload");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iso2db-status-report");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, StatusReport> reports = new ConcurrentHashMap<>();
    /** Lease changes, one at a time, off the coordinator's threads. */
    private final java.util.concurrent.ExecutorService leases = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "iso2db-leases");
        t.setDaemon(true);
        return t;
    });
    private final Coordinator coordinator;
    private HttpEndpoint http;

    public Service(ServiceSettings settings) {
        this.settings = settings;
        this.coordinator = settings.coordinator();
    }

    /** Starts every task and the HTTP port; returns at once. */
    public void start() throws IOException {
        reload();
        ServiceMetrics metrics = new ServiceMetrics(this::runners);
        http = new HttpEndpoint(settings.metricsHost(), settings.metricsPort(), metrics, this::ready, this::status);
        LOG.info("iso2db service runs {} task(s): {}; metrics and health on http://{}:{}/", tasks.size(),
                tasks.keySet(), settings.metricsHost(), http.port());
        reloader.scheduleWithFixedDelay(this::reloadQuietly, 2, 2, TimeUnit.SECONDS);
        reporter.scheduleWithFixedDelay(() -> tasks.values().forEach(TaskRunner::report), 5, 5, TimeUnit.SECONDS);
    }

    /** The HTTP port (useful when {@code metrics_port = 0}). */
    public int httpPort() {
        return http.port();
    }

    /** Starts, stops or restarts the tasks whose files were added, removed or changed. */
    public synchronized void reload() {
        List<Path> files = settings.taskFiles();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String name = TaskSettings.taskName(f);
            names.add(name);
            byte[] content = read(f);
            byte[] before = loaded.get(name);
            if (before != null && Arrays.equals(before, content)) {
                continue;
            }
            if (tasks.containsKey(name)) {
                LOG.info("Task {}: {} changed, restarting it", name, f);
                remove(name);
            }
            loaded.put(name, content);
            try {
                add(name, TaskSettings.load(f));
            } catch (Iso2dbException e) {
                TaskRunner broken = new TaskRunner(name, e.getMessage());
                tasks.put(name, broken);
                broken.start();
            }
        }
        for (String name : List.copyOf(tasks.keySet())) {
            if (!names.contains(name)) {
                LOG.info("Task {}: its file is gone, stopping it", name);
                remove(name);
                loaded.remove(name);
            }
        }
    }

    private void add(String name, TaskSettings task) {
        StatusReport report = new StatusReport(settings.node(), task, reporter);
        reports.put(name, report);
        if (coordinator == null) {
            TaskRunner runner = new TaskRunner(task, report);
            tasks.put(name, runner);
            runner.start();
        } else {
            tasks.put(name, TaskRunner.standby(task, report));
            coordinator.join(name, new Lease(name));
        }
    }

    private void remove(String name) {
        if (coordinator != null) {
            coordinator.leave(name);
        }
        TaskRunner runner = tasks.remove(name);
        if (runner != null) {
            runner.stop(STOP_TIMEOUT);
        }
        StatusReport report = reports.remove(name);
        if (report != null) {
            report.close();
        }
    }

    /** Cluster mode: a task starts (fenced) when this node is granted its lease and stops when the lease goes. */
    private final class Lease implements Coordinator.LeaseListener {
        private final String task;

        Lease(String task) {
            this.task = task;
        }

        @Override
        public void granted() {
            submit(() -> {
                synchronized (Service.this) {
                    TaskRunner current = tasks.get(task);
                    if (current == null || current.state() != TaskState.STANDBY) {
                        return;   // removed meanwhile, or already running here
                    }
                    TaskRunner runner = new TaskRunner(current.settings(), reports.get(task), true, this::failed);
                    tasks.put(task, runner);
                    runner.start();
                }
            });
        }

        @Override
        public void lost(String why) {
            submit(() -> {
                TaskRunner current;
                synchronized (Service.this) {
                    current = tasks.get(task);
                    if (current == null || current.state() == TaskState.STANDBY) {
                        return;
                    }
                    tasks.put(task, TaskRunner.standby(current.settings(), reports.get(task)));
                }
                LOG.info("Task {}: {}; stopping it here", task, why);
                current.stop(STOP_TIMEOUT);
            });
        }

        private void submit(Runnable change) {
            try {
                leases.execute(change);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the service is stopping: its own shutdown stops the task
            }
        }

        /** FENCED: another node took the task over; step back into the queue so the lease can settle. */
        private void failed(Iso2dbException e) {
            if (e.code() == io.iso2db.ErrorCode.FENCED && coordinator != null) {
                coordinator.leave(task);
                synchronized (Service.this) {
                    TaskRunner current = tasks.get(task);
                    if (current != null) {
                        tasks.put(task, TaskRunner.standby(current.settings(), reports.get(task)));
                    }
                }
                try {
                    reloader.schedule(() -> coordinator.join(task, this), 5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the service is shutting down: nothing to re-join
                }
            }
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("Reload of the task files failed; the running tasks go on: {}", e.getMessage());
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Collection<TaskRunner> runners() {
        return tasks.values();
    }

    /** Every task this node holds runs (in cluster mode a node on standby for all its tasks is ready too). */
    boolean ready() {
        return !tasks.isEmpty() && tasks.values().stream()
                .allMatch(t -> t.state() == TaskState.RUNNING || t.state() == TaskState.STANDBY);
    }

    /** One line per task: name, state, position, lag, last error. */
    public String status() {
        StringBuilder sb = new StringBuilder();
        for (TaskRunner t : tasks.values()) {
            Position p = t.position();
            sb.append(t.name()).append('\t').append(t.state()).append("\tposition=").append(p == null ? "-" : p)
                    .append("\tlag_s=").append(Double.isNaN(t.lagSeconds()) ? "-" : String.format("%.3f", t.lagSeconds()))
                    .append("\ttransactions=").append(t.counters().transactions());
            if (t.lastError() != null) {
                sb.append("\tlast_error=").append(t.lastError().replace('\n', ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Stops every task (open transactions rolled back, checkpoints at their last commit) and the HTTP port. */
    @Override
    public void close() {
        reloader.shutdownNow();
        List<Thread> stoppers = new ArrayList<>();
        for (TaskRunner t : tasks.values()) {
            Thread s = new Thread(() -> t.stop(STOP_TIMEOUT), "iso2db-stop-" + t.name());
            s.start();
            stoppers.add(s);
        }
        for (Thread s : stoppers) {
            try {
                s.join(STOP_TIMEOUT.toMillis() + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (coordinator != null) {
            coordinator.close();   // after the tasks stopped: the other nodes take them over now, nothing to fence
        }
        leases.shutdownNow();
        reporter.shutdownNow();
        reports.values().forEach(StatusReport::close);
        if (http != null) {
            http.close();
        }
        LOG.info("iso2db service stopped");
    }
}
