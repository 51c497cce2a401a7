package io.iso2db.internal.assemble;

import io.iso2db.Position;

/**
 * Holds the apply thread between source transactions, for a consistent cut (an online verify):
 * {@link #hold()} stops every transaction not yet begun; {@link #holdFrom(Position)} lets through
 * the transactions that begin before the cut and holds the first one at or after it; {@link
 * #open()} lets everything go on. The apply thread calls {@link #pass} before each transaction,
 * after committing any group it waits with, so what it holds back is never half-applied. One per task.
 */
public final class ApplyGate {

    private boolean holding;
    /** Transactions beginning at or after this are held; null: none by position. */
    private Position cut;
    /** The apply thread waits at the cut, everything before it committed. */
    private boolean atCut;

    /** Holds every transaction that has not begun yet. */
    public synchronized void hold() {
        holding = true;
        cut = null;
    }

    /** Lets the transactions that begin before {@code cut} through; holds the first at or after it. */
    public synchronized void holdFrom(Position cut) {
        if (!cut.hasFile()) {
            throw new IllegalArgumentException("a cut needs a binlog file position: " + cut);
        }
        this.cut = cut;
        holding = false;
        notifyAll();
    }

    /** Lets every transaction go on. */
    public synchronized void open() {
        holding = false;
        cut = null;
        notifyAll();
    }

    /** Whether the apply thread waits at the cut with every transaction before it committed. */
    public synchronized boolean waitsAtCut() {
        return atCut;
    }

    /**
     * Called by the apply thread before a transaction that begins at {@code start} (null: not known
     * yet, held only by {@link #hold()}): returns at once
     * when it may go on; otherwise runs {@code flush} (commits what waits in a group) and waits
     * until the gate lets it through or {@code stopped} says the session ends.
     */
    public void pass(Position start, Runnable flush, java.util.function.BooleanSupplier stopped)
            throws InterruptedException {
        if (!held(start)) {
            return;
        }
        flush.run();
        synchronized (this) {
            try {
                while (held(start) && !stopped.getAsBoolean()) {
                    atCut = cut != null;
                    wait(100);
                }
            } finally {
                atCut = false;
            }
        }
    }

    private synchronized boolean held(Position start) {
        return holding || (cut != null && start != null && start.compareFileTo(cut) >= 0);
    }
}
