package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Position;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommitGroupTest {

    private static Position at(long offset) {
        return Position.file("bin.000001", offset);
    }

    @Test
    void closesAtItsTransactionCountAndCheckpointsTheLastTransaction() {
        CommitGroup g = new CommitGroup(new Grouping(3, Duration.ofHours(1), false));
        assertThat(g.add(at(10), 0)).isFalse();
        assertThat(g.add(at(20), 0)).isFalse();
        assertThat(g.add(at(30), 0)).isTrue();
        assertThat(g.last()).isEqualTo(at(30));
        assertThat(g.size()).isEqualTo(3);
        g.clear();
        assertThat(g.pending()).isFalse();
    }

    @Test
    void closesOnceItsStatementsReachTheByteBound() {
        CommitGroup g = new CommitGroup(new Grouping(1000, Duration.ofHours(1), false));
        assertThat(g.add(at(10), 100)).isFalse();
        assertThat(g.add(at(20), 100 + CommitGroup.MAX_BYTES - 1)).isFalse();
        assertThat(g.add(at(30), 100 + CommitGroup.MAX_BYTES)).isTrue();
    }

    @Test
    void whenBehindItIsDueAsSoonAsNothingMoreWaits() {
        AtomicBoolean waiting = new AtomicBoolean(true);
        CommitGroup g = new CommitGroup(new Grouping(1000, Duration.ofHours(1), true));
        g.waitingWork(waiting::get);
        assertThat(g.due()).as("an empty group is never due").isFalse();
        assertThat(g.add(at(10), 0)).isFalse();
        assertThat(g.due()).isFalse();
        waiting.set(false);
        assertThat(g.due()).isTrue();
        assertThat(g.add(at(20), 0)).isTrue();
    }

    @Test
    void alwaysGroupingWaitsForItsDelayEvenWhenNothingWaits() {
        CommitGroup g = new CommitGroup(new Grouping(1000, Duration.ofHours(1), false));
        g.waitingWork(() -> false);
        assertThat(g.add(at(10), 0)).isFalse();
        assertThat(g.due()).isFalse();
        CommitGroup immediate = new CommitGroup(new Grouping(1000, Duration.ZERO, false));
        assertThat(immediate.add(at(10), 0)).isTrue();
    }
}
