package io.iso2db;

import io.iso2db.internal.pipeline.ReplicationTask;
import io.iso2db.internal.config.ReplicatorConfig;
import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replicates one source's binlog into a target, transaction by transaction.
 *
 * <pre>{@code
 * try (Replicator r = Replicator.builder()
 *         .name("orders-eu")
 *         .source(ConnectionSettings.of("db1", 3306, "repl", secret))
 *         .target(ConnectionSettings.of("db2", 3306, "apply", secret))
 *         .serverId(4101)
 *         .databases("shop")
 *         .build()) {
 *     r.start();
 *     r.awaitCaughtUp(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Lifecycle: built, {@link #start() started} once, {@link #close() closed} always. {@code start()}
 * runs the preflight checks and resolves the start position synchronously, so configuration and
 * server problems surface there as an {@link Iso2dbException}; replication then runs on daemon
 * threads. A failure that a reconnect cannot cure stops the task: see {@link #failure()}.
 */
public final class Replicator implements Closeable {

    private enum State { LATENT, STARTED, CLOSED }

    private final ReplicatorConfig config;
    /** The running task; with a coordinator a new one each time this node is granted the lease. */
    private volatile ReplicationTask task;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Lease lease;

    Replicator(ReplicatorConfig config) {
        this.config = config;
        this.task = new ReplicationTask(config);
        this.lease = config.coordinator() == null ? null : new Lease();
    }

    /** A builder; see {@link ReplicatorBuilder} for every setting. */
    public static ReplicatorBuilder builder() {
        return new ReplicatorBuilder();
    }

    /**
     * Checks the servers, resolves the start position and starts replicating. Once only. With a
     * {@linkplain ReplicatorBuilder#coordinator coordinator} it joins the task's lease and returns:
     * replication runs (fenced) while this node holds the lease, see {@link #isOwner()}.
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Replicator " + config.name()
                    + " cannot be started more than once (state " + state.get() + ")");
        }
        if (lease != null) {
            config.coordinator().join(config.name(), lease);
            return;
        }
        task.start();
    }

    /** Whether this node runs the task now: always once started without a coordinator, else while it holds the lease. */
    public boolean isOwner() {
        return state.get() == State.STARTED && (lease == null || lease.held);
    }

    /**
     * Runs the checks {@link #start()} runs — both servers reachable, privileges, binlog settings,
     * the start position still on the source, the target's tables — without replicating, and
     * lets go of every connection. The {@code server_id} is taken for the moment of the check, so
     * it fails with {@code DUPLICATE_SERVER_ID} while the task runs elsewhere.
     *
     * @throws Iso2dbException naming the first problem found
     */
    public void check() {
        if (state.get() != State.LATENT) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Replicator " + config.name() + " can be checked only"
                    + " before it starts");
        }
        task.check();
    }

    /**
     * Waits until everything the source had written when this was called has been applied
     * (or skipped by filters).
     *
     * @throws Iso2dbException when the task failed, or did not catch up within {@code timeout}
     */
    public void awaitCaughtUp(Duration timeout) {
        if (state.get() != State.STARTED) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Replicator " + config.name() + " is not running");
        }
        task.awaitCaughtUp(timeout);
    }

    /**
     * Holds the task for a consistent cut of source and target at {@code cut}, a binlog file
     * position of its source (e.g. a consistent snapshot's): applies every source transaction that
     * begins before it, then holds the task before the next one; returns once the target holds
     * exactly those (close the result to let the task go on). Empty, with nothing held, when the
     * task has begun a transaction at or after {@code cut} already: take a newer position and try
     * again.
     *
     * @throws Iso2dbException when the task fails or does not reach {@code cut} within {@code timeout}
     */
    public Optional<ConsistentCut> holdAt(Position cut, Duration timeout) {
        if (state.get() != State.STARTED) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Replicator " + config.name() + " is not running");
        }
        return task.holdAt(cut, timeout) ? Optional.of(new ConsistentCut(task, cut, System.nanoTime()))
                : Optional.empty();
    }

    /**
     * Holds the task before its next source transaction, the first step of a consistent cut: a
     * source snapshot taken after this returns is never in the task's past, so {@link #holdAt} at its
     * position is not refused however closely the task follows the source. {@code holdAt} then moves
     * the hold forward to the snapshot's position; close the result (or the {@code holdAt} result)
     * to let the task go on. Its {@link ConsistentCut#held()} counts from the pause to its close,
     * including the time {@code holdAt} spends applying up to the cut.
     */
    public ConsistentCut pause() {
        if (state.get() != State.STARTED) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "Replicator " + config.name() + " is not running");
        }
        task.pauseForCut();
        return new ConsistentCut(task, null, System.nanoTime());
    }

    /** The position of the last transaction committed on the target. */
    public Position position() {
        return task.committedPosition();
    }

    /** The error that stopped the task, or null while it runs (or after a clean close). */
    public Iso2dbException failure() {
        return task.failure();
    }

    /** Source transactions committed on the target since start. */
    public long transactionsApplied() {
        return task.transactions();
    }

    /** Conflicts resolved in favour of the source since start ({@link ConflictPolicy#OVERWRITE}, {@link ConflictPolicy#LOG}). */
    public long conflicts() {
        return task.conflicts();
    }

    /** Row changes applied since start. */
    public long rowsApplied() {
        return task.rows();
    }

    /**
     * Blocks until the task stops: it failed ({@link #failure()} says why) or was closed.
     *
     * @return true when it stopped, false when {@code timeout} passed first
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return state.get() != State.STARTED || (lease == null || lease.held) && task.awaitTermination(timeout);
    }

    /**
     * Lag of the last applied transaction, in milliseconds (source commit to target commit). While
     * the task cannot reach the source or the target it grows with the clock from that moment.
     */
    public long lagMillis() {
        return task.lagMillis();
    }

    public String name() {
        return config.name();
    }

    /** Stops replicating; an open target transaction is rolled back and replayed on the next start. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.STARTED) {
            if (lease != null) {
                config.coordinator().leave(config.name());
                lease.executor.shutdown();
            }
            task.close();
        } else if (previous == State.LATENT) {
            config.store().close();
        }
    }

    /** Starts a fenced task when the lease is granted, closes it when the lease goes; one change at a time. */
    private final class Lease implements io.iso2db.spi.Coordinator.LeaseListener {
        private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors
                .newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "iso2db-" + config.name() + "-lease");
                    t.setDaemon(true);
                    return t;
                });
        private volatile boolean held;

        @Override
        public void granted() {
            executor.execute(() -> {
                if (state.get() != State.STARTED) {
                    return;
                }
                ReplicationTask t = new ReplicationTask(config);
                task = t;
                held = true;
                try {
                    t.start();
                } catch (Iso2dbException e) {
                    held = false;   // failure() tells why; the lease stays with this node until close()
                }
            });
        }

        @Override
        public void lost(String why) {
            executor.execute(() -> {
                if (held) {
                    held = false;
                    task.close();
                }
            });
        }
    }

    @Override
    public String toString() {
        return "Replicator[" + config.name() + ": " + config.source().describe() + " -> " + config.target().describe()
                + ", server_id " + config.serverId() + ", " + config.filter() + "]";
    }
}
