package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.util.List;

/**
 * A key range of a table: rows with key &gt; {@code after} and &lt;= {@code upTo}; a null bound is open.
 * An unchunked table is one chunk with both bounds open.
 */
record Chunk(ExportTable table, int number, byte[][] after, byte[][] upTo) {

    /** The WHERE clause selecting this chunk's rows (empty for a whole table). */
    String where() {
        if (!table.chunked() || (after == null && upTo == null)) {
            return "";
        }
        StringBuilder w = new StringBuilder(" WHERE ");
        if (after != null) {
            compare(w, after, '>', false);
        }
        if (upTo != null) {
            w.append(after != null ? " AND " : "");
            compare(w, upTo, '<', true);
        }
        return w.toString();
    }

    /**
     * Streams this chunk's rows for a copy (in {@link ExportTable#selectList()} form) from a
     * snapshot connection: a whole-table chunk never sits in memory. The caller closes the statement.
     */
    java.sql.ResultSet stream(java.sql.Statement read) throws java.sql.SQLException {
        read.setFetchSize(Integer.MIN_VALUE);
        String index = table.chunked() ? " FORCE INDEX (" + TableId.quote(table.chunkIndex()) + ")" : "";
        return read.executeQuery("SELECT " + table.selectList() + " FROM " + table.id().quoted() + index + where());
    }

    /** Key columns, comma-separated (ORDER BY). */
    String keyList() {
        StringBuilder b = new StringBuilder();
        for (int k : table.chunkKey()) {
            b.append(b.length() == 0 ? "" : ", ").append(TableId.quote(table.columns().get(k).name()));
        }
        return b.toString();
    }

    /** (k1, .., kn) op (v1, .., vn) lexicographically, spelled out so the optimizer ranges on the index. */
    private void compare(StringBuilder w, byte[][] values, char op, boolean orEqual) {
        List<Integer> key = table.chunkKey();
        w.append('(');
        for (int i = 0; i < key.size(); i++) {
            w.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                term(w, key.get(j), "=", values[j]);
                w.append(" AND ");
            }
            term(w, key.get(i), String.valueOf(op), values[i]);
            w.append(')');
        }
        if (orEqual) {
            w.append(" OR (");
            for (int j = 0; j < key.size(); j++) {
                w.append(j == 0 ? "" : " AND ");
                term(w, key.get(j), "=", values[j]);
            }
            w.append(')');
        }
        w.append(')');
    }

    private void term(StringBuilder w, int column, String op, byte[] value) {
        ExportColumn c = table.columns().get(column);
        w.append(TableId.quote(c.name())).append(' ').append(op).append(' ');
        Literals.appendKey(w, c, value);
    }

    String describe() {
        return table.id() + " chunk " + number + (table.chunked() ? " (" + table.chunkKeyKind() + ")" : " (whole table)");
    }
}
