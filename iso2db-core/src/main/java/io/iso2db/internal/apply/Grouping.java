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

    /** The default: grouping while behind, up to 1,000 transactions or 50 ms (as ReplicatorBuilder's javadoc says). */
    public static final Grouping DEFAULT = new Grouping(1000, Duration.ofMillis(50), true);

    /** One source transaction, one target commit. */
    public static final Grouping OFF = new Grouping(1, Duration.ZERO, false);

    public boolean on() {
        return max > 1;
    }
}
