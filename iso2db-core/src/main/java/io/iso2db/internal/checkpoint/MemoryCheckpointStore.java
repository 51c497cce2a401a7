package io.iso2db.internal.checkpoint;

import io.iso2db.Position;
import io.iso2db.spi.CheckpointStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the position in this JVM; reuse one instance across replicators to resume. At-least-once. */
public final class MemoryCheckpointStore implements CheckpointStore {

    private final AtomicReference<Position> position = new AtomicReference<>();

    @Override
    public Optional<Position> load() {
        return Optional.ofNullable(position.get());
    }

    @Override
    public void saveCommitted(Position p) {
        position.set(p);
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.AT_LEAST_ONCE;
    }

    @Override
    public String toString() {
        return "inMemory";
    }
}
