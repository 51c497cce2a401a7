package io.iso2db.event;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row inserted, updated or deleted by a source transaction, with its before and after images.
 *
 * <p>Values are in column order of the table: {@code null} for SQL NULL; {@link Long} or
 * {@link java.math.BigInteger} (UNSIGNED BIGINT, BIT(64)) for integers and BIT; {@link java.math.BigDecimal};
 * {@link Float}/{@link Double}; {@code byte[]} for strings and binary data (the stored bytes, in
 * the column's character set); {@link String} in MySQL literal form for temporal types.
 */
public final class RowChange {

    /** The kind of change. */
    public enum Operation { INSERT, UPDATE, DELETE }

    private final TableId table;
    private final Operation operation;
    private final List<String> columns;
    private final Object[] before;
    private final Object[] after;

    public RowChange(TableId table, Operation operation, List<String> columns, Object[] before, Object[] after) {
        this.table = Objects.requireNonNull(table, "table");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.columns = List.copyOf(columns);
        this.before = before;
        this.after = after;
        if ((operation == Operation.INSERT) != (before == null) || (operation == Operation.DELETE) != (after == null)) {
            throw new IllegalArgumentException(operation + " on " + table + " has the wrong images");
        }
    }

    public TableId table() {
        return table;
    }

    public Operation operation() {
        return operation;
    }

    /** Column names, in table order. */
    public List<String> columns() {
        return columns;
    }

    /** Values before the change (UPDATE, DELETE); null for INSERT. A copy. */
    public Object[] before() {
        return before == null ? null : before.clone();
    }

    /** Values after the change (INSERT, UPDATE); null for DELETE. A copy. */
    public Object[] after() {
        return after == null ? null : after.clone();
    }

    @Override
    public String toString() {
        return operation + " " + table + " before=" + Arrays.deepToString(before) + " after=" + Arrays.deepToString(after);
    }
}
