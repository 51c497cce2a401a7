package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.iso2db.event.TableId;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Makes rows events of tables the filter excludes cost almost nothing: their table id (the first
 * six bytes) is read, and their rows are never decoded ({@link SkippedRows} is returned instead).
 */
final class TableFilteringDeserializers {

    private static final List<EventType> ROWS = List.of(EventType.WRITE_ROWS, EventType.EXT_WRITE_ROWS,
            EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.DELETE_ROWS, EventType.EXT_DELETE_ROWS);

    private TableFilteringDeserializers() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void install(EventDeserializer deserializer, Predicate<TableId> included) {
        Map<Long, Boolean> decision = new HashMap<>();
        EventDataDeserializer tableMap = deserializer.getEventDataDeserializer(EventType.TABLE_MAP);
        deserializer.setEventDataDeserializer(EventType.TABLE_MAP, in -> {
            TableMapEventData tm = (TableMapEventData) tableMap.deserialize(in);
            decision.put(tm.getTableId(), included.test(new TableId(tm.getDatabase(), tm.getTable())));
            return tm;
        });
        for (EventType type : ROWS) {
            EventDataDeserializer rows = deserializer.getEventDataDeserializer(type);
            deserializer.setEventDataDeserializer(type, in -> decode(in, rows, decision));
        }
    }

    @SuppressWarnings("rawtypes")
    private static EventData decode(ByteArrayInputStream in, EventDataDeserializer rows, Map<Long, Boolean> decision)
            throws IOException {
        byte[] body = in.read(in.available());
        long tableId = 0;
        for (int i = 0; i < 6; i++) {
            tableId |= (long) (body[i] & 0xFF) << (8 * i);
        }
        if (Boolean.FALSE.equals(decision.get(tableId))) {
            return SkippedRows.INSTANCE;
        }
        return rows.deserialize(new ByteArrayInputStream(body));
    }
}
