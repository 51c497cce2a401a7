package io.iso2db.internal.apply;

import java.time.Duration;

/**
 * Group commit: how many consecutive source transactions may share one target commit.
 *
 * @param max             up to this many source transactions per target commit (1: no grouping)
 * @param delay           the longest a complete transaction waits for its group's commit
 * @param onlyWhenBehind  group only while the task is at least {@link #BEHIND} behind the source;
 *                        at the head of the stream each transaction commits alone, without waiting
 */
public record Grouping(int max, Duration delay, boolean onlyWhenBehind) {

    /**
     * How far behind the source a transaction's binlog timestamp must be for {@code onlyWhenBehind}.
     * The timestamps have whole seconds: two seconds on that clock is more than one truly behind,
     * so a transaction read promptly never waits for a group.
     */
    public static final Duration BEHIND = Duration.ofSeconds(2);

    /** One source transaction, one target commit. */
    public static final Grouping OFF = new Grouping(1, Duration.ZERO, false);

    public boolean on() {
        return max > 1;
    }
}
