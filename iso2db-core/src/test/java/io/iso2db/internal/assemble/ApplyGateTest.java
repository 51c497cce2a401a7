package io.iso2db.internal.assemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Position;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApplyGateTest {

    private static Position at(long offset) {
        return Position.file("mysql-bin.000001", offset);
    }

    @Test
    void transactionsBeforeTheCutPassAndTheFirstAtTheCutWaitsUntilOpenedAfterCommittingItsGroup() throws Exception {
        ApplyGate gate = new ApplyGate();
        AtomicInteger flushed = new AtomicInteger();
        assertThat(gate.holdFrom(at(500))).isTrue();
        gate.pass(at(100), flushed::incrementAndGet, () -> false);
        assertThat(flushed).hasValue(0);
        AtomicBoolean through = new AtomicBoolean();
        Thread apply = new Thread(() -> {
            try {
                gate.pass(at(500), flushed::incrementAndGet, () -> false);
                through.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        apply.start();
        while (!gate.waitsAtCut()) {
            Thread.sleep(1);
        }
        assertThat(flushed).as("the waiting group was committed before holding").hasValue(1);
        assertThat(through).isFalse();
        gate.open();
        apply.join();
        assertThat(through).isTrue();
        assertThat(gate.waitsAtCut()).isFalse();
    }

    @Test
    void aCutInThePastIsRefusedAndHoldsNothing() throws Exception {
        ApplyGate gate = new ApplyGate();
        gate.pass(at(700), () -> { }, () -> false);
        assertThat(gate.holdFrom(at(600))).isFalse();
        assertThat(gate.holdFrom(at(700))).isFalse();
        assertThat(gate.holdFrom(at(701))).isTrue();
        gate.open();
        gate.pass(at(900), () -> { }, () -> false);   // open: passes at once
    }

    @Test
    void aStoppingSessionLeavesTheGate() throws Exception {
        ApplyGate gate = new ApplyGate();
        gate.holdFrom(at(10));
        AtomicBoolean stop = new AtomicBoolean();
        Thread apply = new Thread(() -> {
            try {
                gate.pass(at(20), () -> { }, stop::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        apply.start();
        while (!gate.waitsAtCut()) {
            Thread.sleep(1);
        }
        stop.set(true);
        apply.join();
        assertThat(apply.isAlive()).isFalse();
    }

    @Test
    void aPausedTaskMovedToALaterCutAppliesUpToItAndIsHeldThere() throws Exception {
        ApplyGate gate = new ApplyGate();
        gate.pauseAll();
        java.util.List<Long> begun = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The second hold (at 600) flushes before it waits: keeping that flush until the check below
        // has run means the check sees the gate as holdFrom left it, however fast the thread is.
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        Runnable flush = () -> {
            if (flushes.incrementAndGet() == 2) {
                try {
                    checked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread apply = new Thread(() -> {
            try {
                for (long offset : new long[] {300, 400, 600}) {
                    gate.pass(at(offset), flush, () -> false);
                    begun.add(offset);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        apply.start();
        while (!gate.waitsAtCut()) {
            Thread.sleep(1);
        }
        assertThat(begun).as("paused before its next transaction").isEmpty();
        assertThat(gate.holdFrom(at(500))).isTrue();
        assertThat(gate.waitsAtCut()).as("not at the new cut until the apply thread got there").isFalse();
        checked.countDown();
        while (!gate.waitsAtCut()) {
            Thread.sleep(1);
        }
        assertThat(begun).containsExactly(300L, 400L);
        gate.open();
        apply.join();
        assertThat(begun).containsExactly(300L, 400L, 600L);
    }
}
