package io.iso2db.internal.assemble;

import io.iso2db.Position;

/**
 * Holds the apply thread between source transactions, for a consistent cut (an online verify):
 * {@link #pauseAll()} holds it before its next transaction (so a source snapshot taken afterwards is
 * never in its past), {@link #holdFrom(Position)} lets through the transactions that begin before
 * the cut and holds the first one at or after it (refused when such a one has begun already);
 * {@link #open()} lets everything go on. The apply thread calls {@link #pass} before each
 * transaction, after committing any group it waits with, so what it holds back is never
 * half-applied. One per task.
 */
public final class ApplyGate {

    /** Transactions beginning at or after this are held; null: none by position. */
    private Position cut;
    /** Every transaction is held (a pause before a cut is known). */
    private boolean all;
    /** The apply thread waits at the cut, everything before it committed. */
    private boolean atCut;
    /** Where the last transaction let through began. */
    private Position lastBegun;

    /**
     * Holds the first transaction that begins at or after {@code cut}; false (nothing held) when
     * one has begun already: the cut is in the task's past.
     */
    public synchronized boolean holdFrom(Position cut) {
        if (!cut.hasFile()) {
            throw new IllegalArgumentException("a cut needs a binlog file position: " + cut);
        }
        if (lastBegun != null && lastBegun.compareFileTo(cut) >= 0) {
            return false;
        }
        this.cut = cut;
        all = false;
        atCut = false;   // a paused apply thread is not at this cut yet: it says so again when it gets there
        notifyAll();
        return true;
    }

    /** Holds the next transaction whatever its position, until {@link #holdFrom} or {@link #open}. */
    public synchronized void pauseAll() {
        all = true;
    }

    /** Lets every transaction go on. */
    public synchronized void open() {
        cut = null;
        all = false;
        notifyAll();
    }

    /** Whether the apply thread waits at the cut with every transaction before it committed. */
    public synchronized boolean waitsAtCut() {
        return atCut;
    }

    /**
     * Called by the apply thread before a transaction that begins at {@code start} (null: not known
     * yet, never held): returns at once
     * when it may go on; otherwise runs {@code flush} (commits what waits in a group) and waits
     * until the gate lets it through or {@code stopped} says the session ends.
     */
    public void pass(Position start, Runnable flush, java.util.function.BooleanSupplier stopped)
            throws InterruptedException {
        synchronized (this) {
            if (!held(start)) {
                lastBegun = start == null ? lastBegun : start;
                return;
            }
        }
        flush.run();
        synchronized (this) {
            try {
                while (held(start) && !stopped.getAsBoolean()) {
                    atCut = true;
                    wait(100);
                }
                lastBegun = start;
            } finally {
                atCut = false;
            }
        }
    }

    private boolean held(Position start) {
        return start != null && (all || cut != null && start.compareFileTo(cut) >= 0);
    }
}
