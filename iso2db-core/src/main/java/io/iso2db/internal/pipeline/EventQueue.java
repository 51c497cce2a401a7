package io.iso2db.internal.pipeline;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decoded binlog events between the reading thread and the applying thread, bounded by count
 * and by bytes (an event is always admitted into an empty queue, however large), so reading
 * runs ahead of applying by a bounded amount and the socket pushes back on the source. A full
 * queue wakes the reader only once it has drained to half: hand-offs happen in batches, not as
 * a thread switch per event.
 */
final class EventQueue {

    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;
    /** Queued events other than heartbeats: what counts as work waiting. */
    private int work;

    EventQueue(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Adds an event, waiting for room; returns false if the wait timed out (the caller re-checks why it waits). */
    boolean offer(Event e, long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!events.isEmpty() && (events.size() >= maxEvents || bytes >= maxBytes)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            events.addLast(e);
            bytes += size(e);
            work += isWork(e) ? 1 : 0;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next event, or null if none arrived within the timeout. */
    Event poll(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (events.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            Event e = events.removeFirst();
            bytes -= size(e);
            work -= isWork(e) ? 1 : 0;
            if (events.size() <= maxEvents / 2 && bytes <= maxBytes / 2) {
                notFull.signal();
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Whether source events (not just heartbeats) are waiting to be applied. */
    boolean hasWaiting() {
        lock.lock();
        try {
            return work > 0;
        } finally {
            lock.unlock();
        }
    }

    private static boolean isWork(Event e) {
        return e.getHeader() == null || e.getHeader().getEventType() != EventType.HEARTBEAT;
    }

    private static long size(Event e) {
        return e.getHeader() instanceof EventHeaderV4 h ? Math.max(h.getEventLength(), 64) : 64;
    }
}
