package io.iso2db.internal.server;

import io.iso2db.Iso2dbException;
import io.iso2db.event.Conflict;
import io.iso2db.event.Transaction;
import io.iso2db.spi.ReplicationListener;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task applied, counted across the replicator's own restarts (reconnects, retries), for
 * metrics and status; logs when a task reconnects and when it runs again.
 */
final class TaskCounters implements ReplicationListener {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCounters.class);

    private final String task;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean reconnecting;

    TaskCounters(String task) {
        this.task = task;
    }

    @Override
    public void onTransaction(Transaction t) {
        transactions.incrementAndGet();
        inserts.addAndGet(t.inserts());
        updates.addAndGet(t.updates());
        deletes.addAndGet(t.deletes());
    }

    @Override
    public void onConflict(Conflict conflict) {
        conflicts.incrementAndGet();
    }

    @Override
    public void onStateChange(State s, Iso2dbException error) {
        if (s == State.RECONNECTING) {
            reconnects.incrementAndGet();
            reconnecting = true;
            LOG.warn("Task {} reconnecting: {}", task, error == null ? "" : error.getMessage());
        } else if (s == State.RUNNING && reconnecting) {
            reconnecting = false;
            LOG.info("Task {} running again", task);
        }
    }

    long transactions() {
        return transactions.get();
    }

    long inserts() {
        return inserts.get();
    }

    long updates() {
        return updates.get();
    }

    long deletes() {
        return deletes.get();
    }

    long conflicts() {
        return conflicts.get();
    }

    long reconnects() {
        return reconnects.get();
    }
}
