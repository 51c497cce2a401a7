package io.iso2db.internal.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one round trip on its way to the target, sent by a thread of its own while the apply
 * thread builds the next one: the server works while the client renders, and a round trip's
 * latency no longer stops the apply thread. Two rules keep it exact:
 * <ul>
 *   <li>nothing else is sent before its answer is in ({@link #settle()} comes first), so a failed
 *       round trip is never followed by another (whose COMMIT would commit part of a group);</li>
 *   <li>what must follow a commit (the checkpoint store and the task told) waits for the answer
 *       ({@link #afterAnswer}) and is dropped when the round trip failed: nothing is reported
 *       committed that is not.</li>
 * </ul>
 * Used by one apply thread at a time; the answer is handed over through the future.
 */
final class RoundTripOnItsWay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundTripOnItsWay.class);

    /** A round trip: sends and reads its whole answer. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final String threadName;
    private ExecutorService sender;
    private Future<?> pending;
    /** Turns the round trip's failure into what the apply thread throws (called on the thread that settles). */
    private Function<Exception, RuntimeException> failure;
    private final List<Runnable> afterAnswer = new ArrayList<>();

    RoundTripOnItsWay(String threadName) {
        this.threadName = threadName;
    }

    /** Sends {@code work} now on the sender thread; the round trip before must have been settled. */
    void send(Work work, Function<Exception, RuntimeException> onFailure) {
        if (pending != null) {
            throw new IllegalStateException("a round trip is already on its way");
        }
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        this.failure = onFailure;
        pending = sender.submit(() -> {
            work.run();
            return null;
        });
    }

    boolean onItsWay() {
        return pending != null;
    }

    /** Runs {@code then} once the round trip on its way was answered, or now when none is. */
    void afterAnswer(Runnable then) {
        if (pending == null) {
            then.run();
        } else {
            afterAnswer.add(then);
        }
    }

    /**
     * Waits for the answer, then runs what waited for it; throws the round trip's failure instead
     * (what waited for it is dropped).
     */
    void settle() {
        if (pending == null) {
            return;
        }
        Throwable failed = await();
        List<Runnable> then = List.copyOf(afterAnswer);
        afterAnswer.clear();
        if (failed == null) {
            then.forEach(Runnable::run);
            return;
        }
        if (failed instanceof Exception e) {
            throw failure.apply(e);
        }
        throw (Error) failed;
    }

    /**
     * As {@link #settle()} where everything is being abandoned: a failure is only logged (and still
     * turned by the failure function, which records what must be replayed).
     */
    void settleQuietly() {
        try {
            settle();
        } catch (RuntimeException e) {
            LOG.debug("A round trip failed while its session was given up: {}", e.getMessage());
        }
    }

    /** Waits however long it takes (the connection's network timeout bounds it); null when it succeeded. */
    private Throwable await() {
        Future<?> f = pending;
        pending = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;   // the connection is in use until the answer is in: never leave it earlier
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Settles what is on its way (quietly) and ends the sender thread. */
    @Override
    public void close() {
        settleQuietly();
        if (sender != null) {
            sender.shutdown();
            sender = null;
        }
    }
}
