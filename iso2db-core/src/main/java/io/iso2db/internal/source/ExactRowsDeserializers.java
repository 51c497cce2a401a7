package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.iso2db.event.TableId;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rows deserializers iso2db runs with: temporal cells decoded exactly ({@link TemporalCells}),
 * everything else by the binlog client; and rows of tables the filter excludes never decoded at
 * all (only their 6-byte table id is read, {@link SkippedRows} is returned); rows whose session
 * turned foreign-key or unique checks off come as {@link FlaggedRows}; values of MariaDB's compressed
 * columns inflated ({@link CompressedColumns}).
 */
final class ExactRowsDeserializers {

    private ExactRowsDeserializers() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void install(VerifiedEvents deserializer, Predicate<TableId> included) {
        CompressedColumns compressed = deserializer.compressedColumns();
        Map<Long, TableMapEventData> tables = new LinkedHashMap<>(128, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, TableMapEventData> eldest) {
                return size() > 10_000;
            }
        };
        Map<Long, Boolean> decision = new LinkedHashMap<>();
        EventDataDeserializer tableMap = deserializer.getEventDataDeserializer(EventType.TABLE_MAP);
        deserializer.setEventDataDeserializer(EventType.TABLE_MAP, in -> {
            TableMapEventData tm = (TableMapEventData) tableMap.deserialize(in);
            tables.put(tm.getTableId(), tm);
            decision.put(tm.getTableId(), included.test(new TableId(tm.getDatabase(), tm.getTable())));
            return tm;
        });
        register(deserializer, EventType.WRITE_ROWS, new Write(tables), decision, compressed);
        register(deserializer, EventType.EXT_WRITE_ROWS, new Write(tables).setMayContainExtraInformation(true), decision,
                compressed);
        register(deserializer, EventType.UPDATE_ROWS, new Update(tables), decision, compressed);
        register(deserializer, EventType.EXT_UPDATE_ROWS, new Update(tables).setMayContainExtraInformation(true), decision,
                compressed);
        register(deserializer, EventType.DELETE_ROWS, new Delete(tables), decision, compressed);
        register(deserializer, EventType.EXT_DELETE_ROWS, new Delete(tables).setMayContainExtraInformation(true), decision,
                compressed);
    }

    @SuppressWarnings("rawtypes")
    private static void register(EventDeserializer deserializer, EventType type, EventDataDeserializer rows,
                                 Map<Long, Boolean> decision, CompressedColumns compressed) {
        deserializer.setEventDataDeserializer(type, rows);   // applies the client's compatibility modes to it
        deserializer.setEventDataDeserializer(type, in -> skipOrDecode(in, rows, decision, compressed));
    }

    @SuppressWarnings("rawtypes")
    private static EventData skipOrDecode(ByteArrayInputStream in, EventDataDeserializer rows, Map<Long, Boolean> decision,
                                          CompressedColumns compressed) throws IOException {
        byte[] body = in.read(in.available());
        long tableId = BinlogBytes.littleEndian(body, 0, 6);
        if (Boolean.FALSE.equals(decision.get(tableId))) {
            return SkippedRows.INSTANCE;
        }
        EventData data = rows.deserialize(new ByteArrayInputStream(body));
        compressed.inflate(tableId, data);
        int flags = (int) BinlogBytes.littleEndian(body, 6, 2);
        return (flags & FlaggedRows.CHECK_FLAGS) == 0 ? data : new FlaggedRows(data, flags & FlaggedRows.CHECK_FLAGS);
    }

    private static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            Serializable v = TemporalCells.decode(type, meta, in);
            return v != null ? v : super.deserializeCell(type, meta, length, in);
        }
    }

    private static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            Serializable v = TemporalCells.decode(type, meta, in);
            return v != null ? v : super.deserializeCell(type, meta, length, in);
        }
    }

    private static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            Serializable v = TemporalCells.decode(type, meta, in);
            return v != null ? v : super.deserializeCell(type, meta, length, in);
        }
    }
}
