package io.iso2db;

import io.iso2db.internal.pipeline.ReplicationTask;
import java.time.Duration;

/**
 * A running task held between source transactions, so that a snapshot of the target shows exactly
 * the source transactions before a binlog position (an online verify takes its cut this way).
 * Obtained from {@link Replicator#holdForCut()}: from then on no source transaction begins on the
 * target; {@link #advanceTo} lets the ones before the cut apply and returns once the target holds
 * exactly those; {@link #close()} lets the task go on. Keep it short: the task lags while held.
 */
public final class ConsistentCut implements AutoCloseable {

    private final ReplicationTask task;
    private final long since = System.nanoTime();
    private volatile long heldNanos = -1;

    ConsistentCut(ReplicationTask task) {
        this.task = task;
        task.holdForCut();
    }

    /**
     * Applies the source transactions that begin before {@code cut} (a binlog file position of the
     * task's source, e.g. a consistent snapshot's) and holds the task at the first one after it.
     *
     * @throws Iso2dbException when the task fails or does not get there within {@code timeout}
     */
    public void advanceTo(Position cut, Duration timeout) {
        task.awaitCut(cut, timeout);
    }

    /** How long the task was held (so far, while still held). */
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
