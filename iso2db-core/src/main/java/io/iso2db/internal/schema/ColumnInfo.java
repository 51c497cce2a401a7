package io.iso2db.internal.schema;

/**
 * One column of a target table, as {@code information_schema.COLUMNS} describes it.
 *
 * @param name       column name
 * @param dataType   {@code DATA_TYPE}, lower case ({@code int}, {@code varchar}, ...)
 * @param columnType {@code COLUMN_TYPE} ({@code int(10) unsigned}, {@code enum('a','b')}, ...)
 * @param unsigned   whether an integer type is UNSIGNED
 * @param generated  whether the value is computed by the server (never written directly)
 */
public record ColumnInfo(String name, String dataType, String columnType, boolean unsigned, boolean generated) {

    /** The width of a {@code BINARY(n)} column, else 0. */
    public int fixedBinaryLength() {
        if (!"binary".equals(dataType)) {
            return 0;
        }
        int open = columnType.indexOf('(');
        return open < 0 ? 1 : Integer.parseInt(columnType.substring(open + 1, columnType.indexOf(')', open)));
    }
}
