package io.iso2db.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import org.junit.jupiter.api.Test;

class CommitTimeTest {

    private static Event event(EventType type, long timestamp, com.github.shyiko.mysql.binlog.event.EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setTimestamp(timestamp);
        return new Event(h, data);
    }

    private static long ts(Event e) {
        return ((EventHeaderV4) e.getHeader()).getTimestamp();
    }

    @Test
    void anOldCommitIsPlacedAtTheEndOfItsSecond() {
        long second = (System.currentTimeMillis() - 60_000) / 1000 * 1000;
        Event xid = event(EventType.XID, second, new XidEventData());
        CommitTime.refine(xid);
        assertThat(ts(xid)).isEqualTo(second + 999);
    }

    @Test
    void aFreshCommitIsPlacedNoLaterThanItsArrival() {
        long before = System.currentTimeMillis();
        long second = before / 1000 * 1000;
        QueryEventData commit = new QueryEventData();
        commit.setSql("COMMIT");
        Event e = event(EventType.QUERY, second, commit);
        long arrival = CommitTime.refine(e);
        assertThat(ts(e)).isBetween(second, arrival).isLessThanOrEqualTo(second + 999);
    }

    @Test
    void otherEventsAndSourceClocksAheadAreLeftAlone() {
        long future = System.currentTimeMillis() + 60_000;
        Event xid = event(EventType.XID, future, new XidEventData());
        CommitTime.refine(xid);
        assertThat(ts(xid)).isEqualTo(future);
        QueryEventData ddl = new QueryEventData();
        ddl.setSql("CREATE TABLE t (id INT)");
        long old = 1_000_000;
        Event q = event(EventType.QUERY, old, ddl);
        CommitTime.refine(q);
        assertThat(ts(q)).isEqualTo(old);
    }
}
