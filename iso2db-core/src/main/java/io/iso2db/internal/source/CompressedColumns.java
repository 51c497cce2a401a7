package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MariaDB's compressed columns ({@code BLOB COMPRESSED}, {@code VARCHAR(n) COMPRESSED}): the binlog
 * holds their values as stored, compressed, under column types the binlog client does not know
 * (it fails on them). Their TABLE_MAP events are read with the plain types (the same metadata), and
 * their values inflated once the rows are read, so they are applied as the plain values they are.
 * A stored value is empty, or a header byte then the value: bit 7 clear, the value as it is; set,
 * the low 3 bits give how many bytes of original length follow (big-endian), bit 3 that the
 * deflate stream has no zlib header (the server writes it so).
 */
final class CompressedColumns {

    private static final int BLOB_COMPRESSED = 140;
    private static final int VARCHAR_COMPRESSED = 141;
    private static final int BLOB = 252;
    private static final int VARCHAR = 15;
    private static final int TABLE_MAP = 19;
    private static final int HEADER = 19;

    /** The compressed columns of each table id whose map had any. */
    private final Map<Long, BitSet> byTable = new ConcurrentHashMap<>();

    /** For a TABLE_MAP event: its compressed column types replaced by the plain ones, in place, and noted. */
    void readMap(byte[] event) {
        if ((event[4] & 0xFF) != TABLE_MAP) {
            return;
        }
        long tableId = BinlogBytes.littleEndian(event, HEADER, 6);
        int at = HEADER + 8;
        at += 1 + (event[at] & 0xFF) + 1;   // database name, 0
        at += 1 + (event[at] & 0xFF) + 1;   // table name, 0
        int[] pos = {at};
        long columns = BinlogBytes.packed(event, pos);
        at = pos[0];
        BitSet compressed = new BitSet();
        for (int c = 0; c < columns; c++) {
            int type = event[at + c] & 0xFF;
            if (type == BLOB_COMPRESSED || type == VARCHAR_COMPRESSED) {
                event[at + c] = (byte) (type == BLOB_COMPRESSED ? BLOB : VARCHAR);
                compressed.set(c);
            }
        }
        if (compressed.isEmpty()) {
            byTable.remove(tableId);
        } else {
            byTable.put(tableId, compressed);
        }
    }

    /** The rows of {@code data} with the values of compressed columns inflated, in place. */
    void inflate(long tableId, EventData data) throws IOException {
        BitSet compressed = byTable.get(tableId);
        if (compressed == null) {
            return;
        }
        if (data instanceof WriteRowsEventData w) {
            inflateAll(w.getRows(), w.getIncludedColumns(), compressed);
        } else if (data instanceof DeleteRowsEventData d) {
            inflateAll(d.getRows(), d.getIncludedColumns(), compressed);
        } else if (data instanceof UpdateRowsEventData u) {
            for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                inflateRow(row.getKey(), u.getIncludedColumnsBeforeUpdate(), compressed);
                inflateRow(row.getValue(), u.getIncludedColumns(), compressed);
            }
        }
    }

    private static void inflateAll(List<Serializable[]> rows, BitSet included, BitSet compressed) throws IOException {
        for (Serializable[] row : rows) {
            inflateRow(row, included, compressed);
        }
    }

    /** A row holds the included columns only, in order. */
    private static void inflateRow(Serializable[] row, BitSet included, BitSet compressed) throws IOException {
        int cell = 0;
        for (int c = included.nextSetBit(0); c >= 0 && cell < row.length; c = included.nextSetBit(c + 1), cell++) {
            if (compressed.get(c) && row[cell] instanceof byte[] stored) {
                row[cell] = value(stored);
            }
        }
    }

    /** The value a compressed column stores as {@code stored}. */
    static byte[] value(byte[] stored) throws IOException {
        if (stored.length == 0) {
            return stored;
        }
        int header = stored[0] & 0xFF;
        if ((header & 0x80) == 0) {
            return java.util.Arrays.copyOfRange(stored, 1, stored.length);
        }
        return CompressedEvents.block(stored, 0, stored.length, (header & 0x08) != 0,   // bit 3: without the zlib header
                "a compressed column value");
    }
}
