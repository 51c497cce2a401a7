package io.iso2db.internal.assemble;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.RowChange;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.internal.schema.TypeFamily;
import io.iso2db.internal.source.ValueDecoder;
import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the rows of a TABLE_MAP'd table against the target's definition, checking once per
 * TABLE_MAP that the column count (and, with {@code binlog_row_metadata=FULL}, the names) fit.
 */
final class RowDecoder {

    private final TransactionSink applier;
    private final Map<TableMapEventData, TableSchema> checked = new IdentityHashMap<>();
    private final Map<TableSchema, List<String>> names = new IdentityHashMap<>();
    /** Views of target tables with extra columns at the end, by the source's column count. */
    private final Map<TableSchema, Map<Integer, Optional<TableSchema>>> prefixes = new IdentityHashMap<>();

    /** Views of tables as partial row images see them, by the columns logged. */
    private final Map<TableSchema, Map<BitSet, Optional<TableSchema>>> projections = new IdentityHashMap<>();

    RowDecoder(TransactionSink applier) {
        this.applier = applier;
    }

    RowOp decode(TableId table, TableMapEventData tm, Operation op, Serializable[] before, Serializable[] after) {
        TableSchema schema = schema(table, tm);
        return new RowOp(schema, op, values(schema, tm, before), values(schema, tm, after));
    }

    /**
     * Decodes a row logged with a partial image (only the columns set in {@code beforeColumns} /
     * {@code afterColumns}, as a session with {@code binlog_row_image} MINIMAL or NOBLOB logs it)
     * against the table as those columns see it: the after image's missing columns keep the before
     * image's values, and the row is found by its key. Null when the before image lacks the key (or,
     * for a table without one, any column), so the row cannot be found exactly.
     */
    RowOp decodePartial(TableId table, TableMapEventData tm, Operation op, Serializable[] before, BitSet beforeColumns,
                        Serializable[] after, BitSet afterColumns) {
        TableSchema full = schema(table, tm);
        int n = full.columnCount();
        BitSet present = new BitSet();
        if (before != null) {
            present.or(beforeColumns);
            boolean findable = full.hasKey() ? full.keyColumns().stream().allMatch(beforeColumns::get)
                    : beforeColumns.cardinality() >= n;
            if (!findable) {
                return null;
            }
        }
        if (after != null) {
            present.or(afterColumns);
        }
        present.clear(n, Integer.MAX_VALUE);
        int[] columns = present.stream().toArray();
        TableSchema schema = columns.length == n ? full : projections.computeIfAbsent(full, k -> new HashMap<>())
                .computeIfAbsent(present, k -> Optional.ofNullable(full.project(columns))).orElse(null);
        if (schema == null) {
            return null;
        }
        Object[] b = before == null ? null : spread(full, tm, before, beforeColumns, columns, null);
        Object[] a = after == null ? null : spread(full, tm, after, afterColumns, columns, b);
        return new RowOp(schema, op, b, a);
    }

    /**
     * The values of a compact row (one per set bit of {@code logged}, all of them among the ascending
     * {@code columns}) at the positions of {@code columns}; a column not logged takes {@code otherwise}'s value.
     */
    private static Object[] spread(TableSchema full, TableMapEventData tm, Serializable[] raw, BitSet logged,
                                   int[] columns, Object[] otherwise) {
        Object[] out = new Object[columns.length];
        int next = 0;
        for (int j = 0; j < columns.length; j++) {
            int c = columns[j];
            if (logged.get(c)) {
                out[j] = ValueDecoder.decode(full.column(c), tm.getColumnTypes()[c] & 0xFF, tm.getColumnMetadata()[c],
                        raw[next++]);
            } else {
                out[j] = otherwise == null ? null : otherwise[j];
            }
        }
        return out;
    }

    private TableSchema schema(TableId table, TableMapEventData tm) {
        TableSchema schema = checked.get(tm);
        if (schema == null) {
            schema = check(table, tm);
            if (checked.size() > 10_000) {
                checked.clear();
                names.clear();
                prefixes.clear();
                projections.clear();
            }
            checked.put(tm, schema);
        }
        return schema;
    }

    RowChange toChange(RowOp op) {
        List<String> columns = names.computeIfAbsent(op.schema(),
                s -> s.columns().stream().map(ColumnInfo::name).toList());
        return new RowChange(op.schema().id(), op.op(), columns, op.before(), op.after());
    }

    /**
     * The target definition the event's rows are decoded against. One that does not fit is read
     * again before it is reported: the target may have changed since it was cached (a DBA's ALTER,
     * an echoed DDL). A target with extra columns at the end takes rows of the source's columns,
     * as a native replica does (the extra columns keep their defaults).
     */
    private TableSchema check(TableId table, TableMapEventData tm) {
        TableSchema schema = view(applier.definitions().get(table), tm);
        String misfit = misfit(table, tm, schema);
        if (misfit != null) {
            schema = view(applier.definitions().reload(table), tm);
            misfit = misfit(table, tm, schema);
            if (misfit != null) {
                throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, misfit);
            }
        }
        return schema;
    }

    /** The target table as the source's columns see it (cached, so SQL shapes built for it are reused). */
    private TableSchema view(TableSchema target, TableMapEventData tm) {
        int n = tm.getColumnTypes().length;
        if (n >= target.columnCount()) {
            return target;
        }
        return prefixes.computeIfAbsent(target, t -> new HashMap<>())
                .computeIfAbsent(n, k -> Optional.ofNullable(target.firstColumns(k))).orElse(target);
    }

    /** Why the rows of {@code tm} cannot be decoded against {@code schema}, or null when they can. */
    static String misfit(TableId table, TableMapEventData tm, TableSchema schema) {
        int sourceColumns = tm.getColumnTypes().length;
        if (sourceColumns != schema.columnCount()) {
            return "Table " + table + " has " + sourceColumns + " columns on the source but " + schema.columnCount()
                    + " on the target" + (sourceColumns < schema.columnCount() ? ", and its key is not among the"
                    + " first " + sourceColumns : "") + ". Make the target's definition match (ALTER TABLE on the"
                    + " target, or re-export the table).";
        }
        List<String> names = tm.getEventMetadata() == null ? null : tm.getEventMetadata().getColumnNames();
        for (int i = 0; i < sourceColumns; i++) {
            ColumnInfo target = schema.column(i);
            if (names != null && names.size() == sourceColumns && !names.get(i).equalsIgnoreCase(target.name())) {
                return "Column " + (i + 1) + " of table " + table + " is `" + names.get(i) + "` on the source but `"
                        + target.name() + "` on the target. Make the target's columns match the source's, in the same"
                        + " order.";
            }
            TypeFamily source = TypeFamily.ofBinlog(tm.getColumnTypes()[i] & 0xFF);
            if (!source.fits(TypeFamily.ofTarget(target.dataType()))) {
                return "Column " + (i + 1) + " of table " + table + " holds " + source.name().toLowerCase(Locale.ROOT)
                        + " values on the source but is `" + target.name() + "` " + target.columnType()
                        + " on the target: the definitions differ in column order or type. Make the target's columns"
                        + " match the source's, in the same order.";
            }
        }
        return null;
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
