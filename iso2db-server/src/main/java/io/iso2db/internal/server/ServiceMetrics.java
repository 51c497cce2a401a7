package io.iso2db.internal.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics, read from its tasks at each scrape: lag, committed transactions and rows,
 * conflicts, reconnects, state and export progress per task, and the JVM's own.
 */
final class ServiceMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    ServiceMetrics(Supplier<Collection<TaskRunner>> tasks) {
        JvmMetrics.builder().register(registry);
        gauge(tasks, "iso2db_lag_seconds", "Source commit to target commit of the last applied transaction",
                TaskRunner::lagSeconds);
        counter(tasks, "iso2db_transactions", "Source transactions committed on the target",
                t -> t.counters().transactions());
        CounterWithCallback.builder().name("iso2db_rows").help("Row changes applied, by operation")
                .labelNames("task", "operation")
                .callback(cb -> tasks.get().forEach(t -> {
                    cb.call(t.counters().inserts(), t.name(), "insert");
                    cb.call(t.counters().updates(), t.name(), "update");
                    cb.call(t.counters().deletes(), t.name(), "delete");
                })).register(registry);
        counter(tasks, "iso2db_conflicts", "Row changes that did not fit the target, resolved by the conflict policy",
                t -> t.counters().conflicts());
        counter(tasks, "iso2db_reconnects", "Reconnects to the source or target", t -> t.counters().reconnects());
        gauge(tasks, "iso2db_export_rows", "Rows copied by the running or last export", t -> t.exportRows());
        gauge(tasks, "iso2db_export_rows_estimated", "Rows the export expects to copy",
                t -> t.exportRowsEstimated());
        GaugeWithCallback.builder().name("iso2db_task_state").help("1 for the state each task is in")
                .labelNames("task", "state")
                .callback(cb -> {
                    for (TaskRunner t : tasks.get()) {
                        for (TaskState s : TaskState.values()) {
                            cb.call(t.state() == s ? 1 : 0, t.name(), s.name());
                        }
                    }
                }).register(registry);
    }

    private void gauge(Supplier<Collection<TaskRunner>> tasks, String name, String help,
                       ToDoubleFunction<TaskRunner> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("task")
                .callback(cb -> tasks.get().forEach(t -> cb.call(value.applyAsDouble(t), t.name())))
                .register(registry);
    }

    private void counter(Supplier<Collection<TaskRunner>> tasks, String name, String help,
                         ToDoubleFunction<TaskRunner> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("task")
                .callback(cb -> tasks.get().forEach(t -> cb.call(value.applyAsDouble(t), t.name())))
                .register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }
}
