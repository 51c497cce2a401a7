package io.iso2db.internal.assemble;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.Transaction;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.source.GtidTracker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the units the assembler reads end: a transaction committed (alone or in a group), a
 * skipped stretch checkpointed now and then, and what the task is told of each, only once it is
 * committed on the target (a commit may still be on its way when the applier returns: everything
 * told goes through {@link TransactionSink#afterCommit}, in order).
 */
final class Commits {

    /** Skipped transactions between checkpoints: a restart need not re-read a long stretch of other databases. */
    private static final int PERSIST_SKIPPED_EVERY = 1000;

    private final TransactionSink applier;
    private final AssemblerEvents events;
    private final GtidTracker gtids;
    private final OpenTransaction tx;
    private final Supplier<Position> position;
    /** Transactions in the open group: told to the task only once the group is committed. */
    private final List<Transaction> awaitingCommit = new ArrayList<>();
    /** Nothing was committed yet in this session: the first unit may have been applied before a restart. */
    private boolean firstUnit = true;
    private int skippedSincePersist;

    Commits(TransactionSink applier, AssemblerEvents events, GtidTracker gtids, OpenTransaction tx,
            Supplier<Position> position) {
        this.applier = applier;
        this.events = events;
        this.gtids = gtids;
        this.tx = tx;
        this.position = position;
    }

    boolean firstUnit() {
        return firstUnit;
    }

    /** The source transaction ended (XID or COMMIT) at the current position. */
    void transactionEnd(long sourceTimestampMillis) {
        tx.open = false;
        String gtid = gtids.pendingGtid();
        gtids.commit();
        Position p = position.get();
        if (!applier.inTransaction()) {
            skipped(p);
            return;
        }
        Transaction t = new Transaction(gtid, p, Set.copyOf(tx.touched), tx.rows,
                Instant.ofEpochMilli(sourceTimestampMillis), Instant.now(), tx.byOperation[0], tx.byOperation[1],
                tx.byOperation[2]);
        if (applier.commit(p)) {
            List<Transaction> told = new ArrayList<>(awaitingCommit);
            told.add(t);
            awaitingCommit.clear();
            applier.afterCommit(() -> told.forEach(events::committed));
            ended(true);
        } else {
            awaitingCommit.add(t);
            ended(false);
        }
    }

    /**
     * The source's XA COMMIT or XA ROLLBACK of a transaction prepared earlier (an event group of its
     * own): the target does the same to its prepared copy, if it holds one.
     */
    void xaCompleted(XaId xid, boolean commit) {
        tx.open = false;
        gtids.commit();
        Position p = position.get();
        if (xid == null || tx.ignored) {
            skipped(p);
            return;
        }
        commitGroupIfPending();
        applier.completeXa(xid, commit, p);
        ended(true);
    }

    /** Commits the waiting group and tells the task about its transactions. */
    void commitGroup() {
        Position committed = applier.commitGroup();
        List<Transaction> told = List.copyOf(awaitingCommit);
        awaitingCommit.clear();
        firstUnit = false;
        skippedSincePersist = 0;
        applier.afterCommit(() -> {
            Instant now = Instant.now();
            for (Transaction t : told) {
                events.committed(new Transaction(t.gtid(), t.position(), t.tables(), t.rows(), t.sourceCommitted(), now,
                        t.inserts(), t.updates(), t.deletes()));
            }
            events.processed(committed, true);
        });
        reportPosition();
    }

    /** Commits the waiting group, if any (before DDL, before a transaction of another origin). */
    void commitGroupIfPending() {
        if (applier.groupPending()) {
            commitGroup();
        }
    }

    /** Tells the task the current position between transactions (read, nothing to apply). */
    void reportPosition() {
        Position p = position.get();
        if (!tx.open && p.hasFile() && !applier.groupPending()) {
            applier.afterCommit(() -> events.processed(p, false));
        }
    }

    /** A unit that changed nothing on the target ended at {@code p}; checkpointed now and then. */
    void skipped(Position p) {
        tx.ended();
        if (++skippedSincePersist >= PERSIST_SKIPPED_EVERY) {
            applier.begin(null, 0);
            ended(applier.commit(p));
        } else if (!applier.groupPending()) {
            applier.afterCommit(() -> events.processed(p, false));
        }
    }

    /** A unit ended; {@code persisted}: its checkpoint is committed on the target. */
    void ended(boolean persisted) {
        tx.ended();
        if (persisted) {
            firstUnit = false;
            skippedSincePersist = 0;
            applier.tolerant(false);
            Position p = position.get();
            applier.afterCommit(() -> events.processed(p, true));
        }
    }

    /**
     * Before the task stops at an event it cannot apply: the complete transactions waiting for their
     * group's commit are committed, so the target and the checkpoint stand right before that event
     * (unless rows of the open transaction already share their target transaction).
     */
    Iso2dbException stopping(Iso2dbException e) {
        if (applier.groupPending() && !applier.inTransaction()) {
            commitGroup();
        }
        return e;
    }
}
