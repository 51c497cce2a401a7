package io.iso2db.internal.apply;

import io.iso2db.Position;
import java.util.function.BooleanSupplier;

/**
 * Complete source transactions waiting in the open target transaction for one shared commit.
 * A group closes at its count, age or size bound, when nothing more is waiting to be applied
 * (grouping while behind), and before a transaction of another loop-control origin joins it.
 */
final class CommitGroup {

    /** A group is committed once its statements reach this size. */
    static final long MAX_BYTES = 4L << 20;

    private final Grouping grouping;
    private final long delayNanos;
    /** Whether more source events are already waiting to be applied (the task is behind). */
    private BooleanSupplier waitingWork = () -> false;
    private int transactions;
    private long startNanos;
    private long startBytes;
    private Position last;
    /** Loop-control origin of the transactions in the group (0 without loop control). */
    private long origin;

    CommitGroup(Grouping grouping) {
        this.grouping = grouping;
        this.delayNanos = grouping.delay().toNanos();
    }

    void waitingWork(BooleanSupplier waiting) {
        this.waitingWork = waiting;
    }

    boolean enabled() {
        return grouping.on();
    }

    /**
     * Adds a complete source transaction ending at {@code position}; {@code bytes} is the writer's
     * byte count so far. Returns whether the group must be committed now.
     */
    boolean add(Position position, long bytes) {
        if (transactions++ == 0) {
            startNanos = System.nanoTime();
            startBytes = bytes;
        }
        last = position;
        return transactions >= grouping.max() || due() || bytes - startBytes >= MAX_BYTES;
    }

    void origin(long origin) {
        this.origin = origin;
    }

    long origin() {
        return origin;
    }

    boolean pending() {
        return transactions > 0;
    }

    int size() {
        return transactions;
    }

    /** Whether the group must be committed now: it is old enough, or (grouping while behind) nothing more waits. */
    boolean due() {
        return transactions > 0 && (System.nanoTime() - startNanos >= delayNanos
                || (grouping.onlyWhenBehind() && !waitingWork.getAsBoolean()));
    }

    /** The position after the group's last transaction: its checkpoint. */
    Position last() {
        return last;
    }

    void clear() {
        transactions = 0;
        last = null;
    }
}
