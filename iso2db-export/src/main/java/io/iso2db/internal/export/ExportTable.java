package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.util.List;

/**
 * A table to copy.
 *
 * @param id            the table
 * @param columns       the columns written (generated columns are left to the server)
 * @param chunkKey      the key chunks are ranged on (indexes into {@code columns}); empty: one chunk
 * @param chunkIndex    the index holding the chunk key, or null
 * @param chunkKeyKind  which rule chose the key (auto-increment, primary, unique, index, none)
 * @param estimatedRows the server's row estimate (progress only)
 */
public record ExportTable(TableId id, List<ExportColumn> columns, List<Integer> chunkKey, String chunkIndex, String chunkKeyKind,
                          long estimatedRows) {

    public ExportTable {
        columns = List.copyOf(columns);
        chunkKey = List.copyOf(chunkKey);
    }

    /** Column types whose values may run to megabytes. */
    private static final java.util.Set<String> LONG_VALUE_TYPES = java.util.Set.of("mediumblob", "longblob", "mediumtext",
            "longtext", "json");

    /** Whether a row may be megabytes long (a column of a MEDIUM or LONG BLOB or TEXT type, or JSON). */
    boolean longValues() {
        return columns.stream().anyMatch(c -> LONG_VALUE_TYPES.contains(c.dataType()));
    }

    boolean chunked() {
        return !chunkKey.isEmpty();
    }

    /**
     * The columns as read for a copy: FLOAT through DOUBLE, because the server's text form of a
     * FLOAT keeps six significant digits and would not give the same FLOAT back (1.17549435e-38
     * reads as 1.17549e-38); the DOUBLE's text is exact and converts back to the same FLOAT.
     */
    String selectList() {
        StringBuilder b = new StringBuilder();
        for (ExportColumn c : columns) {
            String q = TableId.quote(c.name());
            b.append(b.length() == 0 ? "" : ", ").append(c.dataType().equals("float") ? "(" + q + " + 0e0)" : q);
        }
        return b.toString();
    }

    /** Quoted column list for INSERT. */
    String columnList() {
        StringBuilder b = new StringBuilder();
        for (ExportColumn c : columns) {
            b.append(b.length() == 0 ? "" : ", ").append(TableId.quote(c.name()));
        }
        return b.toString();
    }
}
