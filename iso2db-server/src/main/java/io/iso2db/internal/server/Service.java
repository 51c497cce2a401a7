package io.iso2db.internal.server;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.config.TaskSettings;
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
    private HttpEndpoint http;

    public Service(ServiceSettings settings) {
        this.settings = settings;
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
            TaskRunner old = tasks.remove(name);
            if (old != null) {
                LOG.info("Task {}: {} changed, restarting it", name, f);
                old.stop(STOP_TIMEOUT);
            }
            loaded.put(name, content);
            TaskRunner runner;
            try {
                TaskSettings task = TaskSettings.load(f);
                StatusReport report = new StatusReport(settings.node(), task, reporter);
                StatusReport previous = reports.put(name, report);
                if (previous != null) {
                    previous.close();
                }
                runner = new TaskRunner(task, report);
            } catch (Iso2dbException e) {
                runner = new TaskRunner(name, e.getMessage());
            }
            tasks.put(name, runner);
            runner.start();
        }
        for (String name : List.copyOf(tasks.keySet())) {
            if (!names.contains(name)) {
                LOG.info("Task {}: its file is gone, stopping it", name);
                tasks.remove(name).stop(STOP_TIMEOUT);
                loaded.remove(name);
                StatusReport report = reports.remove(name);
                if (report != null) {
                    report.close();
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

    /** Every task runs. */
    boolean ready() {
        return !tasks.isEmpty() && tasks.values().stream().allMatch(t -> t.state() == TaskState.RUNNING);
    }

    /** One line per task: name, state, position, lag, last error. */
    public String status() {
        StringBuilder sb = new StringBuilder();
        for (TaskRunner t : tasks.values()) {
            Position p = t.position();
            sb.append(t.name()).append('\t').append(t.state()).append("\tposition=").append(p == null ? "-" : p)
                    .append("\tlag_s=").append(Double.isNaN(t.lagSeconds()) ? "-" : String.format("%.3f", t.lagSeconds()))
                    .append("\ttransactions=").append(t.transactions());
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
        reporter.shutdownNow();
        reports.values().forEach(StatusReport::close);
        if (http != null) {
            http.close();
        }
        LOG.info("iso2db service stopped");
    }
}
