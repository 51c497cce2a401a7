package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundTripOnItsWayTest {

    private final RoundTripOnItsWay onItsWay = new RoundTripOnItsWay("test-send");
    private final List<String> told = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        onItsWay.close();
    }

    @Test
    void whatFollowsACommitWaitsForItsAnswerAndRunsInOrder() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        onItsWay.send(() -> answer.await(10, TimeUnit.SECONDS), RuntimeException::new);
        onItsWay.afterAnswer(() -> told.add("store"));
        onItsWay.afterAnswer(() -> told.add("task"));
        assertThat(onItsWay.onItsWay()).isTrue();
        assertThat(told).isEmpty();
        answer.countDown();
        onItsWay.settle();
        assertThat(told).containsExactly("store", "task");
        assertThat(onItsWay.onItsWay()).isFalse();
    }

    @Test
    void withNothingOnItsWayWhatFollowsRunsAtOnce() {
        onItsWay.afterAnswer(() -> told.add("now"));
        assertThat(told).containsExactly("now");
    }

    @Test
    void aFailedRoundTripIsThrownWhereItIsSettledAndWhatWaitedForItNeverRuns() {
        onItsWay.send(() -> {
            throw new java.sql.SQLException("Duplicate entry", "23000", 1062);
        }, e -> new IllegalStateException("turned: " + e.getMessage()));
        onItsWay.afterAnswer(() -> told.add("committed"));
        assertThatThrownBy(onItsWay::settle).isInstanceOf(IllegalStateException.class).hasMessage("turned: Duplicate entry");
        assertThat(told).isEmpty();
        onItsWay.settle();   // settled once: nothing is thrown twice
        onItsWay.afterAnswer(() -> told.add("next"));
        assertThat(told).containsExactly("next");
    }

    @Test
    void aSecondRoundTripIsNeverSentBeforeTheFirstIsAnswered() {
        CountDownLatch answer = new CountDownLatch(1);
        onItsWay.send(() -> answer.await(10, TimeUnit.SECONDS), RuntimeException::new);
        assertThatThrownBy(() -> onItsWay.send(() -> { }, RuntimeException::new)).isInstanceOf(IllegalStateException.class);
        answer.countDown();
        onItsWay.settle();
        onItsWay.send(() -> told.add("second"), RuntimeException::new);
        onItsWay.settle();
        assertThat(told).containsExactly("second");
    }

    @Test
    void anInterruptedApplyThreadStillWaitsForTheAnswerAndKeepsItsInterrupt() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        onItsWay.send(() -> {
            started.countDown();
            answer.await(10, TimeUnit.SECONDS);
            told.add("answered");
        }, RuntimeException::new);
        Thread.currentThread().interrupt();
        Thread releaser = new Thread(() -> {
            try {
                started.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer.countDown();
        });
        releaser.start();
        onItsWay.settle();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(told).containsExactly("answered");
    }

    @Test
    void settlingQuietlyLogsAFailureInsteadOfThrowingIt() {
        onItsWay.send(() -> {
            throw new java.sql.SQLException("gone");
        }, e -> new IllegalStateException(e.getMessage()));
        onItsWay.afterAnswer(() -> told.add("committed"));
        onItsWay.settleQuietly();
        assertThat(told).isEmpty();
        assertThat(onItsWay.onItsWay()).isFalse();
    }
}
