package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text of QUERY and TABLE_MAP events in the charset the server wrote it in. The binlog client
 * decodes it with the JVM's default charset, so on a JVM running with an ASCII default (Java 17
 * under {@code LANG=C}) a table named {@code 顧客} arrives under a mangled name. Identifiers are
 * always utf8 in the binlog; a statement is in its session's {@code character_set_client}, which
 * the QUERY event's status variables carry. Only events holding non-ASCII bytes are decoded again.
 * A QUERY event also gets its session's settings ({@link SessionQuery}, {@link StatusVariables}); so
 * does an EXECUTE_LOAD_QUERY event (a LOAD DATA logged as a statement), read as the QUERY it is.
 */
final class TextDecoding {

    /** Bytes before a QUERY event's status variables; an EXECUTE_LOAD_QUERY event has 13 more. */
    private static final int QUERY_POST_HEADER = 13;
    private static final int EXECUTE_LOAD_EXTRA = 13;
    /** Optional TABLE_MAP metadata field holding the column names. */
    private static final int COLUMN_NAME = 4;

    private TextDecoding() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void install(EventDeserializer deserializer) {
        EventDataDeserializer query = deserializer.getEventDataDeserializer(EventType.QUERY);
        deserializer.setEventDataDeserializer(EventType.QUERY, in -> query(query, in.read(in.available())));
        // LOAD DATA logged as a statement: a QUERY with 13 more bytes of post-header (file id, positions, handling)
        deserializer.setEventDataDeserializer(EventType.EXECUTE_LOAD_QUERY, in -> {
            byte[] body = in.read(in.available());
            byte[] asQuery = new byte[body.length - EXECUTE_LOAD_EXTRA];
            System.arraycopy(body, 0, asQuery, 0, QUERY_POST_HEADER);
            System.arraycopy(body, QUERY_POST_HEADER + EXECUTE_LOAD_EXTRA, asQuery, QUERY_POST_HEADER,
                    asQuery.length - QUERY_POST_HEADER);
            return query(query, asQuery);
        });
        EventDataDeserializer tableMap = deserializer.getEventDataDeserializer(EventType.TABLE_MAP);
        deserializer.setEventDataDeserializer(EventType.TABLE_MAP, in -> {
            byte[] body = in.read(in.available());
            TableMapEventData tm = (TableMapEventData) tableMap.deserialize(new ByteArrayInputStream(body));
            int dbLength = body[8] & 0xFF;
            int tableAt = 9 + dbLength + 1;
            int tableLength = body[tableAt] & 0xFF;
            if (!isAscii(body, 9, dbLength) || !isAscii(body, tableAt + 1, tableLength)) {
                tm.setDatabase(new String(body, 9, dbLength, StandardCharsets.UTF_8));
                tm.setTable(new String(body, tableAt + 1, tableLength, StandardCharsets.UTF_8));
            }
            List<String> decoded = tm.getEventMetadata() == null ? null : tm.getEventMetadata().getColumnNames();
            if (decoded != null && decoded.stream().anyMatch(n -> !n.chars().allMatch(c -> c < 0x80))) {
                List<String> names = columnNames(body, tableAt + 1 + tableLength + 1);
                if (names != null && names.size() == decoded.size()) {
                    tm.getEventMetadata().setColumnNames(names);
                }
            }
            return tm;
        });
    }

    private static SessionQuery query(EventDataDeserializer<?> query, byte[] body) throws java.io.IOException {
        QueryEventData q = (QueryEventData) query.deserialize(new ByteArrayInputStream(body));
        int statusLength = (body[11] & 0xFF) | (body[12] & 0xFF) << 8;
        int dbAt = QUERY_POST_HEADER + statusLength;
        if (dbAt < body.length && !isAscii(body, dbAt)) {
            try {
                redecodeQuery(q, body);
            } catch (IndexOutOfBoundsException e) {
                // a layout not known here: the client's decoding stands
            }
        }
        return new SessionQuery(q, StatusVariables.read(body, QUERY_POST_HEADER, statusLength));
    }

    /**
     * The COLUMN_NAME field of a TABLE_MAP's optional metadata, as UTF-8. Layout from {@code at}:
     * column count (packed), types, metadata length (packed), metadata, null bitmap, then fields of
     * type (1 byte), length (packed), value. Null when the event has no such field.
     */
    static List<String> columnNames(byte[] body, int at) {
        try {
            return columnNamesAt(body, at);
        } catch (IndexOutOfBoundsException e) {
            return null;   // a layout not known here: the client's decoding stands, and the name check judges it
        }
    }

    private static List<String> columnNamesAt(byte[] body, int at) {
        int[] pos = {at};
        int columns = (int) BinlogBytes.packed(body, pos);
        pos[0] += columns;
        int metadataLength = (int) BinlogBytes.packed(body, pos);   // read first: "pos[0] += packed(...)" would lose the move
        pos[0] += metadataLength;
        pos[0] += (columns + 7) / 8;
        while (pos[0] < body.length) {
            int type = body[pos[0]++] & 0xFF;
            int length = (int) BinlogBytes.packed(body, pos);
            int end = pos[0] + length;
            if (type == COLUMN_NAME) {
                List<String> names = new ArrayList<>(columns);
                while (pos[0] < end) {
                    int n = (int) BinlogBytes.packed(body, pos);
                    names.add(new String(body, pos[0], n, StandardCharsets.UTF_8));
                    pos[0] += n;
                }
                return names;
            }
            pos[0] = end;
        }
        return null;
    }

    /** Layout: thread id 4, time 4, db length 1, error 2, status length 2, status, db, 0, statement. */
    private static void redecodeQuery(QueryEventData q, byte[] body) {
        int dbLength = body[8] & 0xFF;
        int statusLength = (body[11] & 0xFF) | (body[12] & 0xFF) << 8;
        int dbAt = QUERY_POST_HEADER + statusLength;
        int sqlAt = dbAt + dbLength + 1;
        q.setDatabase(new String(body, dbAt, dbLength, StandardCharsets.UTF_8));
        q.setSql(new String(body, sqlAt, body.length - sqlAt, StatusVariables.clientCharset(body, QUERY_POST_HEADER, statusLength)));
    }

    private static boolean isAscii(byte[] b, int from) {
        return isAscii(b, from, b.length - from);
    }

    private static boolean isAscii(byte[] b, int from, int length) {
        for (int i = from; i < from + length && i < b.length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
