package io.iso2db.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static Event event(EventType type, long length) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setEventLength(length);
        return new Event(h, null);
    }

    @Test
    void heartbeatsAloneAreNoWorkWaiting() throws Exception {
        EventQueue q = new EventQueue(10, 1 << 20);
        q.offer(event(EventType.HEARTBEAT, 40), 0);
        assertThat(q.hasWaiting()).isFalse();
        q.offer(event(EventType.XID, 40), 0);
        assertThat(q.hasWaiting()).isTrue();
        q.poll(0);
        q.poll(0);
        assertThat(q.hasWaiting()).isFalse();
        assertThat(q.poll(0)).isNull();
    }

    @Test
    void aFullQueueRefusesUntilItDrainedButAlwaysTakesOneEventHoweverLarge() throws Exception {
        EventQueue q = new EventQueue(2, 1_000);
        assertThat(q.offer(event(EventType.WRITE_ROWS, 50_000), 0)).as("an oversized event into an empty queue").isTrue();
        assertThat(q.offer(event(EventType.XID, 40), 0)).as("over the byte bound").isFalse();
        q.poll(0);
        assertThat(q.offer(event(EventType.XID, 40), 0)).isTrue();
        assertThat(q.offer(event(EventType.XID, 40), 0)).isTrue();
        assertThat(q.offer(event(EventType.XID, 40), 0)).as("over the event bound").isFalse();
    }
}
