package io.iso2db.spi;

import io.iso2db.CheckpointStores;
import io.iso2db.ConnectionSettings;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

class MemoryCheckpointStoreTest extends CheckpointStoreContract {

    private static final AtomicInteger TASKS = new AtomicInteger();
    /** In-memory stores resume only through the same instance: one instance per task stands for "the storage". */
    private final Map<Object, CheckpointStore> byTask = new HashMap<>();

    @Override
    protected CheckpointStore newStore() {
        return new CheckpointStore() {
            private CheckpointStore delegate;

            @Override
            public void open(Context context) {
                delegate = byTask.computeIfAbsent(context.key(), k -> CheckpointStores.inMemory());
            }

            @Override
            public java.util.Optional<io.iso2db.Position> load() {
                return delegate.load();
            }

            @Override
            public void saveCommitted(io.iso2db.Position position) {
                delegate.saveCommitted(position);
            }

            @Override
            public Guarantee guarantee() {
                return delegate == null ? CheckpointStores.inMemory().guarantee() : delegate.guarantee();
            }
        };
    }

    @Override
    protected ConnectionSettings target() {
        return ConnectionSettings.of("unused.invalid", 3306, "unused", "");
    }

    @Override
    protected Connection openTarget() {
        return null;
    }

    @Override
    protected String uniqueTask() {
        return "memory-task-" + TASKS.incrementAndGet();
    }
}
