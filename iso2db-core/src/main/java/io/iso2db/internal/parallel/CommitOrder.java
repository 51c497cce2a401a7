package io.iso2db.internal.parallel;

import io.iso2db.Iso2dbException;

/**
 * The order units commit in: unit {@code n} commits only after unit {@code n - 1}, so the target
 * never shows a state the source never had, and the checkpoint of the last committed unit covers
 * every earlier one. A failed unit stops every later unit (rolled back, to be read again after the
 * restart); earlier ones still commit.
 */
final class CommitOrder {

    private long committed;
    /** Units from this one on must not commit. */
    private long abortFrom = Long.MAX_VALUE;
    private Iso2dbException failure;
    /** Units handed to workers and not yet committed or abandoned. */
    private int inFlight;

    synchronized long committed() {
        return committed;
    }

    /** Units handed to workers and not yet committed or abandoned. */
    synchronized int inFlight() {
        return inFlight;
    }

    synchronized void dispatched() {
        inFlight++;
    }

    /** The unit committed or was abandoned. */
    synchronized void finished() {
        inFlight--;
        notifyAll();
    }

    /**
     * Waits until every unit up to {@code upTo} committed; false when {@code unit} must be abandoned
     * instead (an earlier unit failed, or the task is stopping).
     */
    synchronized boolean await(long unit, long upTo) throws InterruptedException {
        while (committed < upTo && unit < abortFrom) {
            wait();
        }
        return unit < abortFrom;
    }

    /** Unit {@code seq} committed (in its turn). */
    synchronized void committed(long seq) {
        committed = seq;
        notifyAll();
    }

    /** Unit {@code seq} failed: it and every later unit are abandoned; the first failure is the task's. */
    synchronized void fail(long seq, Iso2dbException e) {
        if (seq < abortFrom) {
            abortFrom = seq;
            failure = e;
        }
        notifyAll();
    }

    synchronized Iso2dbException failure() {
        return failure;
    }

    /** Abandons every unit not yet committed and waits until no worker holds one. */
    synchronized void abortAll(Iso2dbException reason) throws InterruptedException {
        fail(committed + 1, reason);
        while (inFlight > 0) {
            wait();
        }
    }

    /** Waits until unit {@code last} and all before it committed; throws the failure that stops them. */
    synchronized void awaitSettled(long last) throws InterruptedException {
        while (committed < last && !(failure != null && inFlight == 0)) {
            wait();
        }
        if (committed < last) {
            throw failure;
        }
    }

    /** Forgets a failure once the task restarted (units are numbered on from where they stopped). */
    synchronized void reset() {
        abortFrom = Long.MAX_VALUE;
        failure = null;
    }
}
