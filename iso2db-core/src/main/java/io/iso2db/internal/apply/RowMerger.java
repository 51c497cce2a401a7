package io.iso2db.internal.apply;

import io.iso2db.event.RowChange.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Net row changes per key for tables whose rows are independent (the key is the only unique key,
 * no trigger or foreign key): any number of changes to one key become at most one statement's
 * worth of work, and the changes of many keys go out as a few multi-row statements per table —
 * one DELETE, one locking count of the rows that must exist, one multi-row insert-or-update, one
 * multi-row INSERT. The target must hold exactly the rows (and, when compared, the before images)
 * the first change of each key expects; the counts are checked, and a mismatch makes the caller
 * replay the transactions statement by statement, which reports the real conflict.
 */
final class RowMerger {

    /** Buffered changes are sent once they reach this many keys or (estimated) bytes of values. */
    private static final int MAX_KEYS = 5_000;
    private static final long MAX_BYTES = 1L << 20;
    private boolean keysFirst;

    /** A key's state: the image the target must hold first (null: no row) and the row it must hold last (null: none). */
    private static final class Net {
        final Object[] initial;
        Object[] last;

        Net(Object[] initial, Object[] last) {
            this.initial = initial;
            this.last = last;
        }
    }

    private record Key(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }
    }

    private final Map<SqlShapes, Map<Key, Net>> tables = new LinkedHashMap<>();
    private int keys;
    private long bytes;

    boolean isEmpty() {
        return keys == 0;
    }

    boolean isFull() {
        return keys >= MAX_KEYS || bytes >= MAX_BYTES;
    }

    /** Estimated bytes of the buffered values. */
    long bytes() {
        return bytes;
    }

    /**
     * Folds one change into its key's state. Returns false when the change does not follow from
     * the changes before it (a row inserted twice, or changed after its delete): the key is then
     * not unique on the source, and the changes must be applied one by one.
     */
    boolean add(SqlShapes s, RowOp op) {
        Map<Key, Net> rows = tables.computeIfAbsent(s, x -> new LinkedHashMap<>());
        return switch (op.op()) {
            case INSERT -> insert(s, rows, op.after());
            case DELETE -> delete(s, rows, op.before());
            case UPDATE -> sameKey(s, op.before(), op.after())
                    ? update(s, rows, op.before(), op.after())
                    : delete(s, rows, op.before()) && insert(s, rows, op.after());
        };
    }

    private boolean insert(SqlShapes s, Map<Key, Net> rows, Object[] after) {
        Key k = key(s, after);
        Net n = rows.get(k);
        if (n == null) {
            track(rows, k, new Net(null, after), after);
            return true;
        }
        if (n.last != null) {
            return false;
        }
        n.last = after;
        bytes += estimate(after);
        return true;
    }

    private boolean delete(SqlShapes s, Map<Key, Net> rows, Object[] before) {
        Key k = key(s, before);
        Net n = rows.get(k);
        if (n == null) {
            track(rows, k, new Net(before, null), before);
            return true;
        }
        if (n.last == null) {
            return false;
        }
        n.last = null;
        return true;
    }

    private boolean update(SqlShapes s, Map<Key, Net> rows, Object[] before, Object[] after) {
        Key k = key(s, before);
        Net n = rows.get(k);
        if (n == null) {
            track(rows, k, new Net(before, after), before);
            bytes += estimate(after);
            return true;
        }
        if (n.last == null) {
            return false;
        }
        n.last = after;
        bytes += estimate(after);
        return true;
    }

    private void track(Map<Key, Net> rows, Key k, Net n, Object[] image) {
        rows.put(k, n);
        keys++;
        bytes += estimate(image);
    }

    /** Writes the net changes into the pipeline (per table: deletes, checked updates, inserts) and forgets them. */
    void drainInto(Pipeline p) {
        for (Map.Entry<SqlShapes, Map<Key, Net>> table : tables.entrySet()) {
            SqlShapes s = table.getKey();
            List<Net> deletes = new ArrayList<>();
            List<Net> updates = new ArrayList<>();
            List<Net> inserts = new ArrayList<>();
            for (Net n : table.getValue().values()) {
                if (n.initial == null) {
                    if (n.last != null) {
                        inserts.add(n);
                    }
                } else {
                    (n.last == null ? deletes : updates).add(n);
                }
            }
            if (!deletes.isEmpty()) {
                where(p.statement().append("DELETE FROM ").append(s.schema.id().quoted()), s, deletes);
                p.failIf("ROW_COUNT() <> " + deletes.size());
            }
            if (updates.size() == 1) {
                Net n = updates.get(0);
                p.add(s, new RowOp(s.schema, Operation.UPDATE, n.initial, n.last));
            } else if (!updates.isEmpty()) {
                where(p.statement().append("SELECT COUNT(*) INTO @iso2db_rows FROM ").append(s.schema.id().quoted()), s,
                        updates).append(" FOR UPDATE");
                p.failIf("@iso2db_rows <> " + updates.size());
                rows(p.statement(), s, updates).append(s.onDuplicateUpdate);
            }
            if (!inserts.isEmpty()) {
                rows(p.statement(), s, inserts);
            }
        }
        clear();
    }

    /** Sessions that run beside others (parallel workers) find rows by key first: see {@link #where}. */
    void keysFirst() {
        this.keysFirst = true;
    }

    /**
     * Appends a WHERE clause matching each row's first image (key and compared columns): one row
     * constructor IN list of the images without NULL, a condition each (with {@code <=>}) for the
     * others. With {@link #keysFirst()}, the keys as an IN list come first, so the rows are found,
     * and locked, by key whatever the optimizer makes of the images (a locking scan would wait for
     * rows another session holds).
     */
    private StringBuilder where(StringBuilder sql, SqlShapes s, List<Net> rows) {
        if (rows.size() == 1) {
            // MariaDB does not look up a one-row IN list by key (EXPLAIN: a scan); an equality it does
            SqlLiterals.fill(sql.append(" WHERE "), s.imageMatch, s.imageArgs(rows.get(0).initial));
            return sql;
        }
        if (!keysFirst) {
            return images(sql.append(" WHERE "), s, rows);
        }
        sql.append(" WHERE ").append(s.keyTuple).append(" IN (");
        boolean firstKey = true;
        for (Net n : rows) {
            sql.append(firstKey ? "" : ", ");
            firstKey = false;
            SqlLiterals.row(sql, SqlShapes.pick(n.initial, s.keyColumns()));
        }
        sql.append(')');
        if (s.imageTuple.equals(s.keyTuple)) {
            return sql;   // the image is the key
        }
        return images(sql.append(" AND ("), s, rows).append(')');
    }

    /** The images: one row constructor IN list of those without NULL, a condition each for the others. */
    private static StringBuilder images(StringBuilder sql, SqlShapes s, List<Net> rows) {
        boolean first = true;
        List<Object[]> withNull = new ArrayList<>();
        for (Net n : rows) {
            Object[] args = s.imageArgs(n.initial);
            if (Arrays.asList(args).contains(null)) {
                withNull.add(args);
                continue;
            }
            sql.append(first ? s.imageTuple + " IN (" : ", ");
            first = false;
            SqlLiterals.row(sql, args);
        }
        if (!first) {
            sql.append(')');
        }
        for (Object[] args : withNull) {
            if (!first) {
                sql.append(" OR ");
            }
            first = false;
            SqlLiterals.fill(sql, s.imageMatch, args);
        }
        return sql;
    }

    private static StringBuilder rows(StringBuilder sql, SqlShapes s, List<Net> rows) {
        sql.append(s.insertHead);
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                sql.append(',');
            }
            SqlLiterals.row(sql, s.writable, rows.get(i).last);
        }
        return sql;
    }

    void clear() {
        tables.clear();
        keys = 0;
        bytes = 0;
    }

    private static boolean sameKey(SqlShapes s, Object[] before, Object[] after) {
        for (int c : s.keyColumns()) {
            if (!Objects.deepEquals(before[c], after[c])) {
                return false;
            }
        }
        return true;
    }

    private static Key key(SqlShapes s, Object[] row) {
        return new Key(SqlShapes.pick(row, s.keyColumns()));
    }

    /** Rough size of a row's literals: enough to bound a statement, cheap to compute. */
    private static long estimate(Object[] row) {
        long n = 0;
        for (Object v : row) {
            if (v instanceof byte[] b) {
                n += 2L * b.length + 4;
            } else if (v instanceof String str) {
                n += str.length() + 4;
            } else {
                n += 12;
            }
        }
        return n;
    }
}
