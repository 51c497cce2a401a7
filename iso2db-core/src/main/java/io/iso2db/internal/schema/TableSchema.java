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
 * @param independentRows whether changes to rows with different keys may be applied in any order:
 *                   the key is the table's only unique key, and no trigger or foreign key on the
 *                   target ties a row to others
 * @param sequence   whether the table is a sequence (its one row is its state; it is changed by SETVAL)
 * @param transactional whether the target's engine undoes the table's changes with its transaction
 *                   (InnoDB); a MyISAM, Aria or MEMORY table keeps each row as it is written
 * @param partialImage whether this is the table as a partial row image sees it ({@link #project}): only
 *                   the columns the source logged (a session with {@code binlog_row_image} MINIMAL or NOBLOB)
 */
public record TableSchema(TableId id, List<ColumnInfo> columns, List<Integer> keyColumns, boolean independentRows,
                          boolean sequence, boolean transactional, boolean partialImage) {

    public TableSchema {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        independentRows &= !keyColumns.isEmpty() && !sequence && transactional;
    }

    /** A table as the target defines it. */
    public TableSchema(TableId id, List<ColumnInfo> columns, List<Integer> keyColumns, boolean independentRows,
                       boolean sequence) {
        this(id, columns, keyColumns, independentRows, sequence, true, false);
    }

    /** A plain table. */
    public TableSchema(TableId id, List<ColumnInfo> columns, List<Integer> keyColumns, boolean independentRows) {
        this(id, columns, keyColumns, independentRows, false);
    }

    /** A table whose rows are not known to be independent. */
    public TableSchema(TableId id, List<ColumnInfo> columns, List<Integer> keyColumns) {
        this(id, columns, keyColumns, false);
    }

    /** The index of the named column (case-insensitive), or -1. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
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

    /**
     * The table as a source with only its first {@code n} columns sees it (the target has extra
     * columns at the end, as after an ADD COLUMN that reached the target first): those columns and
     * the same key, or null when the key lies beyond them.
     */
    public TableSchema firstColumns(int n) {
        if (keyColumns.stream().anyMatch(k -> k >= n)) {
            return null;
        }
        return new TableSchema(id, columns.subList(0, n), keyColumns, independentRows, sequence, transactional,
                partialImage);
    }

    /**
     * The table as a partial row image sees it: only the columns {@code present} (ascending
     * indexes), its key among them. Null when a key column is missing, or for a sequence. Rows seen
     * so are never taken as independent: they are applied in order, each found by its key.
     */
    public TableSchema project(int[] present) {
        List<ColumnInfo> cols = new java.util.ArrayList<>();
        for (int c : present) {
            cols.add(columns.get(c));
        }
        List<Integer> key = new java.util.ArrayList<>();
        for (int k : keyColumns) {
            int at = java.util.Arrays.binarySearch(present, k);
            if (at < 0) {
                return null;
            }
            key.add(at);
        }
        return sequence || !hasKey() ? null : new TableSchema(id, cols, key, false, false, transactional, true);
    }
}
