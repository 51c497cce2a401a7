package io.iso2db.internal.schema;

import io.iso2db.event.TableId;
import java.util.List;

/**
 * A target table's columns and the key used to find a row for UPDATE/DELETE.
 *
 * @param id         the table
 * @param columns    all columns in table order
 * @param keyColumns indexes of the primary key, else of a NOT NULL unique key; empty when neither exists
 *                   (rows are then found by their full before image)
 */
public record TableSchema(TableId id, List<ColumnInfo> columns, List<Integer> keyColumns) {

    public TableSchema {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    public boolean hasKey() {
        return !keyColumns.isEmpty();
    }

    public ColumnInfo column(int index) {
        return columns.get(index);
    }

    public int columnCount() {
        return columns.size();
    }
}
