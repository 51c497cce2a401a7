package io.iso2db.internal.pipeline;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;

/**
 * Sharpens a transaction's source commit time beyond the binlog's whole seconds, for lag: the
 * commit happened no earlier than the event's timestamp {@code ts}, within the second after it,
 * and before the event arrived here. So the end event of a transaction gets
 * {@code max(ts, min(ts + 999 ms, arrival))}: exact to the network delay while the task keeps up
 * (arrival right after the commit), at most a second early while it is behind.
 */
final class CommitTime {

    private CommitTime() {
    }

    /** Refines the timestamp of a transaction's end event; returns the arrival time. */
    static long refine(Event event) {
        long now = System.currentTimeMillis();
        if (event.getHeader() instanceof EventHeaderV4 h && endsTransaction(h.getEventType(), event)) {
            long ts = h.getTimestamp();
            h.setTimestamp(Math.max(ts, Math.min(ts + 999, now)));
        }
        return now;
    }

    private static boolean endsTransaction(EventType type, Event event) {
        return type == EventType.XID || type == EventType.XA_PREPARE
                || (type == EventType.QUERY && event.getData() instanceof QueryEventData q
                        && "COMMIT".equalsIgnoreCase(q.getSql()));
    }
}
