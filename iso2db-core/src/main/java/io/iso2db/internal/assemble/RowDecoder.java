package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.RowChange;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.internal.source.ValueDecoder;
import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the rows of a TABLE_MAP'd table against the target's definition, checking once per
 * TABLE_MAP that the column count (and, with {@code binlog_row_metadata=FULL}, the names) fit.
 */
final class RowDecoder {

    private final Applier applier;
    private final Map<TableMapEventData, TableSchema> checked = new IdentityHashMap<>();
    private final Map<TableSchema, List<String>> names = new IdentityHashMap<>();

    RowDecoder(Applier applier) {
        this.applier = applier;
    }

    RowOp decode(TableId table, TableMapEventData tm, Operation op, Serializable[] before, Serializable[] after) {
        TableSchema schema = checked.get(tm);
        if (schema == null) {
            schema = check(table, tm);
            if (checked.size() > 10_000) {
                checked.clear();
                names.clear();
            }
            checked.put(tm, schema);
        }
        return new RowOp(schema, op, values(schema, tm, before), values(schema, tm, after));
    }

    RowChange toChange(RowOp op) {
        List<String> columns = names.computeIfAbsent(op.schema(),
                s -> s.columns().stream().map(ColumnInfo::name).toList());
        return new RowChange(op.schema().id(), op.op(), columns, op.before(), op.after());
    }

    private TableSchema check(TableId table, TableMapEventData tm) {
        TableSchema schema = applier.schema(table);
        int sourceColumns = tm.getColumnTypes().length;
        if (sourceColumns != schema.columnCount()) {
            throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "Table " + table + " has " + sourceColumns
                    + " columns on the source but " + schema.columnCount() + " on the target. Make the target's"
                    + " definition match (ALTER TABLE on the target, or re-export the table).");
        }
        List<String> names = tm.getEventMetadata() == null ? null : tm.getEventMetadata().getColumnNames();
        if (names != null && names.size() == sourceColumns) {
            for (int i = 0; i < sourceColumns; i++) {
                if (!names.get(i).equalsIgnoreCase(schema.column(i).name())) {
                    throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "Column " + (i + 1) + " of table " + table
                            + " is `" + names.get(i) + "` on the source but `" + schema.column(i).name()
                            + "` on the target. Make the target's columns match the source's, in the same order.");
                }
            }
        }
        return schema;
    }

    private static Object[] values(TableSchema schema, TableMapEventData tm, Serializable[] raw) {
        if (raw == null) {
            return null;
        }
        byte[] types = tm.getColumnTypes();
        int[] meta = tm.getColumnMetadata();
        Object[] out = new Object[schema.columnCount()];
        for (int i = 0; i < out.length && i < raw.length; i++) {
            out[i] = ValueDecoder.decode(schema.column(i), types[i] & 0xFF, meta[i], raw[i]);
        }
        return out;
    }
}
