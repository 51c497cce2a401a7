package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.util.List;

/**
 * The SQL a verify runs inside each server. Every row becomes the MD5 of its compared columns
 * (each as its bytes with a length prefix, SQL NULL as a separate mark, so NULL, '' and a shifted
 * boundary all differ); a range's checksum is its row count and the sum of the first 64 bits of
 * those hashes: order-independent, and duplicates (tables without a key) count. FLOAT goes through
 * DOUBLE so its last bit shows (its own text form keeps six digits).
 */
final class RowHashSql {

    private RowHashSql() {
    }

    /** The row's hash as 32 hex digits. */
    static String rowHash(ExportTable table) {
        StringBuilder b = new StringBuilder("MD5(CONCAT(");
        List<ExportColumn> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            ExportColumn c = columns.get(i);
            String q = TableId.quote(c.name());
            String bytes = c.dataType().equals("float") ? "CAST((" + q + " + 0e0) AS BINARY)" : "CAST(" + q + " AS BINARY)";
            b.append(i == 0 ? "" : ", ").append("IF(").append(q).append(" IS NULL, 'N', CONCAT('V', LENGTH(")
                    .append(bytes).append("), ':', ").append(bytes).append("))");
        }
        return b.append("))").toString();
    }

    /** Count and checksum of the rows of {@code id} matching {@code where} (a clause with its WHERE, or empty). */
    static String checksum(ExportTable table, TableId id, String where) {
        return "SELECT COUNT(*), COALESCE(SUM(CAST(CONV(LEFT(" + rowHash(table) + ", 16), 16, 10) AS UNSIGNED)), 0) FROM "
                + id.quoted() + where;
    }

    /** The rows' hashes (and key columns, when given) of {@code id} matching {@code where}. */
    static String hashes(ExportTable table, List<Integer> key, TableId id, String where) {
        StringBuilder b = new StringBuilder("SELECT ").append(rowHash(table));
        for (int k : key) {
            b.append(", ").append(TableId.quote(table.columns().get(k).name()));
        }
        return b.append(" FROM ").append(id.quoted()).append(where).toString();
    }

    /** {@code where} narrowed to rows whose hash starts with {@code prefix}. */
    static String withPrefix(ExportTable table, String where, String prefix) {
        if (prefix.isEmpty()) {
            return where;
        }
        String cond = "LEFT(" + rowHash(table) + ", " + prefix.length() + ") = '" + prefix + "'";
        return where.isEmpty() ? " WHERE " + cond : where + " AND " + cond;
    }

    /** Every column of the one row of {@code id} with this key (or, without a key, this hash). */
    static String row(ExportTable table, TableId id, List<Integer> key, byte[][] keyValues, String hash) {
        StringBuilder b = new StringBuilder("SELECT ").append(table.selectList()).append(" FROM ").append(id.quoted())
                .append(" WHERE ");
        if (key.isEmpty()) {
            return b.append(rowHash(table)).append(" = '").append(hash).append("' LIMIT 1").toString();
        }
        for (int i = 0; i < key.size(); i++) {
            ExportColumn c = table.columns().get(key.get(i));
            b.append(i == 0 ? "" : " AND ").append(TableId.quote(c.name())).append(" = ");
            Literals.appendKey(b, c, keyValues[i]);
        }
        return b.toString();
    }
}
