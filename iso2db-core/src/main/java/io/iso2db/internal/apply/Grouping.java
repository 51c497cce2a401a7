package io.iso2db.internal.apply;

import java.time.Duration;

/**
 * Group commit: how many consecutive source transactions may share one target commit.
 *
 * @param max             up to this many source transactions per target commit (1: no grouping)
 * @param delay           the longest a complete transaction waits for its group's commit
 * @param onlyWhenBehind  group only while more source events are already waiting to be applied;
 *                        at the head of the stream each transaction commits alone, without waiting
 */
public record Grouping(int max, Duration delay, boolean onlyWhenBehind) {

    public static final int DEFAULT_MAX_TRANSACTIONS = 1000;
    public static final int DEFAULT_DELAY_MILLIS = 50;

    /** The default: grouping while behind. */
    public static final Grouping DEFAULT = new Grouping(DEFAULT_MAX_TRANSACTIONS, Duration.ofMillis(DEFAULT_DELAY_MILLIS), true);

    /** One source transaction, one target commit. */
    public static final Grouping OFF = new Grouping(1, Duration.ZERO, false);

    public boolean on() {
        return max > 1;
    }
}
