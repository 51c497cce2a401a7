package io.iso2db.internal.apply;

import io.iso2db.event.RowChange.Operation;
import io.iso2db.internal.apply.RowMerger.Net;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The SQL for one table's net row changes ({@link RowMerger}): one DELETE, one locking count of
 * the rows that must exist with one multi-row insert-or-update, one multi-row INSERT, each with a
 * guard on its row count; a single changed row as a plain checked UPDATE.
 */
final class NetChangeSql {

    private boolean keysFirst;

    /** Writes one table's net changes into the pipeline: deletes, checked updates, inserts. */
    void write(Pipeline p, SqlShapes s, Collection<Net> nets) {
        List<Net> deletes = new ArrayList<>();
        List<Net> updates = new ArrayList<>();
        List<Net> inserts = new ArrayList<>();
        for (Net n : nets) {
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
}
