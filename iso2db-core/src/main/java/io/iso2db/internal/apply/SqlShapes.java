package io.iso2db.internal.apply;

import io.iso2db.event.TableId;
import io.iso2db.internal.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL text of each statement shape for one table: insert (strict or insert-or-update),
 * update and delete by key (or by the full before image when the table has no usable key).
 */
final class SqlShapes {

    final TableSchema schema;
    final int[] writable;
    final String insert;
    final String upsert;
    final String update;
    final String delete;
    /** Quoted names of the writable columns, comma-separated. */
    final String columnList;

    SqlShapes(TableSchema schema) {
        this.schema = schema;
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < schema.columnCount(); i++) {
            if (!schema.column(i).generated()) {
                cols.add(i);
            }
        }
        this.writable = cols.stream().mapToInt(Integer::intValue).toArray();
        String table = schema.id().quoted();
        StringJoiner names = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        StringJoiner sets = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (int i : writable) {
            String q = TableId.quote(schema.column(i).name());
            names.add(q);
            marks.add("?");
            sets.add(q + " = ?");
            values.add(q + " = VALUES(" + q + ")");
        }
        this.columnList = names.toString();
        this.insert = "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
        this.upsert = insert + " ON DUPLICATE KEY UPDATE " + values;
        String where = whereClause();
        this.update = "UPDATE " + table + " SET " + sets + " WHERE " + where + (schema.hasKey() ? "" : " LIMIT 1");
        this.delete = "DELETE FROM " + table + " WHERE " + where + (schema.hasKey() ? "" : " LIMIT 1");
    }

    /** Column indexes bound in the WHERE clause, in order. */
    int[] whereColumns() {
        return schema.hasKey() ? schema.keyColumns().stream().mapToInt(Integer::intValue).toArray() : writable;
    }

    private String whereClause() {
        StringJoiner w = new StringJoiner(" AND ");
        for (int i : whereColumns()) {
            String q = TableId.quote(schema.column(i).name());
            w.add(schema.hasKey() ? q + " = ?" : q + " <=> ?");
        }
        return w.toString();
    }
}
