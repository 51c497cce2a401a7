package io.iso2db;

import io.iso2db.internal.pipeline.ReplicationTask;
import java.time.Duration;

/**
 * A running task held between source transactions at a binlog position, so that a snapshot of the
 * target shows exactly the source transactions before it (an online verify takes its cut this
 * way). Obtained from {@link Replicator#holdAt}, or from {@link Replicator#pause} before the
 * position is known; {@link #close()} lets the task go on. Keep it short: the task lags while held.
 */
public final class ConsistentCut implements AutoCloseable {

    private final ReplicationTask task;
    private final Position position;
    private final long since;
    private volatile long heldNanos = -1;

    ConsistentCut(ReplicationTask task, Position position, long since) {
        this.task = task;
        this.position = position;
        this.since = since;
    }

    /** The position the task is held at; null for a {@link Replicator#pause pause}. */
    public Position position() {
        return position;
    }

    /**
     * How long the task was held (so far, while still held): from the moment the target held
     * exactly the transactions before the cut, when it could apply nothing more, to {@link #close()}.
     */
    public Duration held() {
        long h = heldNanos;
        return Duration.ofNanos(h >= 0 ? h : System.nanoTime() - since);
    }

    /** Lets the task go on. */
    @Override
    public void close() {
        if (heldNanos < 0) {
            heldNanos = System.nanoTime() - since;
            task.releaseCut();
        }
    }
}
