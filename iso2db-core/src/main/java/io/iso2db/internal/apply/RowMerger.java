package io.iso2db.internal.apply;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
    private final NetChangeSql sql = new NetChangeSql();

    /** A key's state: the image the target must hold first (null: no row) and the row it must hold last (null: none). */
    static final class Net {
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
            sql.write(p, table.getKey(), table.getValue().values());
        }
        clear();
    }

    /** Sessions that run beside others (parallel workers) find rows by key first: see {@link NetChangeSql}. */
    void keysFirst() {
        sql.keysFirst();
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
