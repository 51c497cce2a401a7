package io.iso2db.internal.apply;

import io.iso2db.event.TableId;
import io.iso2db.internal.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The SQL text of each statement shape for one table. UPDATE and DELETE find their row by key
 * <em>and</em> by the before image of the other columns, so a target row that drifted from the
 * source is a conflict, not silently overwritten; the by-key forms apply the source's change when
 * the conflict policy lets the source win. Tables without a usable key are matched by the full
 * before image.
 */
final class SqlShapes {

    /** Types compared as MD5 of their stored bytes in before-image matches. */
    private static final Set<String> HASHED = Set.of("tinyblob", "blob", "mediumblob", "longblob", "tinytext", "text",
            "mediumtext", "longtext");
    /** Types whose values the server does not compare reliably with a literal (MySQL JSON, spatial). */
    private static final Set<String> NOT_COMPARED = Set.of("json", "geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    final TableSchema schema;
    final int[] writable;
    final String insert;
    final String upsert;
    /** Find by key and before image. */
    final String update;
    final String delete;
    /** Find by key only (the source wins a conflict). */
    final String updateByKey;
    final String deleteByKey;
    /** The target's row with the key of a change. */
    final String selectByKey;
    /**
     * Whether the target holds a row equal to an image: key and every compared column, whether or
     * not the task matches before images (a row that only shares the key holds another change).
     */
    final String selectImage;
    /** Quoted names of the writable columns, comma-separated. */
    final String columnList;
    /** {@code INSERT INTO t (columns) VALUES }, for multi-row inserts. */
    final String insertHead;
    /** The clause that turns a multi-row insert into insert-or-update of all writable columns. */
    final String onDuplicateUpdate;
    /** One row's key and before image as a parenthesised condition ({@link #imageColumns()} order). */
    final String imageMatch;
    /**
     * The key and before-image columns as a row constructor, e.g. {@code (`id`, `v`, MD5(`b`))}, for
     * {@code IN} lists of many rows: the server finds them by key and compares each by binary search,
     * where a long OR of conditions costs the optimizer more than the rows themselves.
     */
    final String imageTuple;
    /** The key columns as a row constructor, e.g. {@code (`id`)}. */
    final String keyTuple;
    private final int[] keyColumns;
    /** Key and before-image columns the task matches UPDATE/DELETE by: all of {@link #wholeImageColumns} or the key. */
    private final int[] imageColumns;
    /** The key and every column compared with a literal (all writable ones without a key). */
    private final int[] wholeImageColumns;
    /** Per column: compared by MD5 in before-image matches (large values: keeps statements small). */
    private final boolean[] hashed;
    private final boolean anyHashed;

    /** @param compareImage whether UPDATE/DELETE also match the before image of the non-key columns */
    SqlShapes(TableSchema schema, boolean compareImage) {
        this.schema = schema;
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < schema.columnCount(); i++) {
            if (!schema.column(i).generated()) {
                cols.add(i);
            }
        }
        this.writable = cols.stream().mapToInt(Integer::intValue).toArray();
        this.keyColumns = schema.hasKey() ? schema.keyColumns().stream().mapToInt(Integer::intValue).toArray() : writable;
        List<Integer> image = new ArrayList<>(schema.keyColumns());
        if (schema.hasKey()) {
            for (int c : writable) {
                if (!schema.keyColumns().contains(c) && !NOT_COMPARED.contains(schema.column(c).dataType())) {
                    image.add(c);
                }
            }
        }
        this.wholeImageColumns = schema.hasKey() ? image.stream().mapToInt(Integer::intValue).toArray() : writable;
        this.imageColumns = compareImage ? wholeImageColumns : keyColumns;
        this.hashed = new boolean[schema.columnCount()];
        boolean any = false;
        for (int c : wholeImageColumns) {
            if (!schema.keyColumns().contains(c) && HASHED.contains(schema.column(c).dataType())) {
                hashed[c] = true;
                any = true;
            }
        }
        this.anyHashed = any;
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
        this.insertHead = "INSERT INTO " + table + " (" + names + ") VALUES ";
        this.onDuplicateUpdate = " ON DUPLICATE KEY UPDATE " + values;
        this.insert = insertHead + "(" + marks + ")";
        this.upsert = insert + onDuplicateUpdate;
        this.imageMatch = "(" + where(imageColumns) + ")";
        StringJoiner tuple = new StringJoiner(", ", "(", ")");
        for (int i : imageColumns) {
            String q = TableId.quote(schema.column(i).name());
            tuple.add(hashed[i] ? "MD5(" + q + ")" : q);
        }
        this.imageTuple = tuple.toString();
        StringJoiner key = new StringJoiner(", ", "(", ")");
        for (int i : keyColumns) {
            key.add(TableId.quote(schema.column(i).name()));
        }
        this.keyTuple = key.toString();
        String limit = schema.hasKey() ? "" : " LIMIT 1";
        this.update = "UPDATE " + table + " SET " + sets + " WHERE " + where(imageColumns) + limit;
        this.delete = "DELETE FROM " + table + " WHERE " + where(imageColumns) + limit;
        this.updateByKey = "UPDATE " + table + " SET " + sets + " WHERE " + where(keyColumns) + limit;
        this.deleteByKey = "DELETE FROM " + table + " WHERE " + where(keyColumns) + limit;
        this.selectByKey = "SELECT " + names + " FROM " + table + " WHERE " + where(keyColumns) + " LIMIT 1";
        this.selectImage = "SELECT 1 FROM " + table + " WHERE " + where(wholeImageColumns) + " LIMIT 1";
    }

    /** Column indexes bound in the WHERE clause of {@link #update} and {@link #delete}, in order. */
    int[] imageColumns() {
        return imageColumns;
    }

    /** Column indexes bound in {@link #selectImage}, in order. */
    int[] wholeImageColumns() {
        return wholeImageColumns;
    }

    /** The values to bind for {@link #imageColumns()}: the row itself, with large values replaced by their MD5. */
    Object[] imageValues(Object[] row) {
        return withHashes(row, imageColumns);
    }

    /** The values to bind for {@link #wholeImageColumns()}, likewise. */
    Object[] wholeImageValues(Object[] row) {
        return withHashes(row, wholeImageColumns);
    }

    /** The row with the large values among {@code columns} replaced by their MD5 (only those are bound). */
    private Object[] withHashes(Object[] row, int[] columns) {
        if (!anyHashed || row == null) {
            return row;
        }
        Object[] out = row;
        for (int c : columns) {
            if (hashed[c] && row[c] instanceof byte[] b) {
                if (out == row) {
                    out = row.clone();
                }
                out[c] = md5(b);
            }
        }
        return out;
    }

    private static String md5(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /** The values of {@link #imageMatch}, {@link #update}'s and {@link #delete}'s WHERE clause, in order. */
    Object[] imageArgs(Object[] row) {
        return pick(imageValues(row), imageColumns);
    }

    /** The row's values of the given columns, in that order. */
    static Object[] pick(Object[] row, int[] columns) {
        Object[] out = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = row[columns[i]];
        }
        return out;
    }

    /** Column indexes bound in the WHERE clause of the by-key statements, in order. */
    int[] keyColumns() {
        return keyColumns;
    }

    private String where(int[] columns) {
        StringJoiner w = new StringJoiner(" AND ");
        for (int i : columns) {
            String q = TableId.quote(schema.column(i).name());
            if (schema.keyColumns().contains(i)) {
                w.add(q + " = ?");
            } else if (hashed[i]) {
                w.add("MD5(" + q + ") <=> ?");
            } else {
                w.add(q + " <=> ?");
            }
        }
        return w.toString();
    }
}
