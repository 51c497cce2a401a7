package io.iso2db.internal.apply;

import io.iso2db.event.Conflict;
import io.iso2db.event.RowChange.Operation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Binds and executes a batch of row changes of one shape, checking that each fits the target's row. */
final class StatementRunner {

    private final Map<String, PreparedStatement> statements = new HashMap<>();

    /**
     * Runs the rows; changes that do not fit the target go to {@code conflicts} (unless
     * {@code tolerant}: then inserts overwrite and missing rows are accepted, as when replaying).
     * Returns the conflicts resolved in favour of the source.
     */
    List<Conflict> run(Connection c, SqlShapes s, Operation op, List<RowOp> rows, boolean tolerant, String gtid,
                       ConflictResolver conflicts) throws SQLException {
        List<Conflict> out = new ArrayList<>();
        switch (op) {
            case INSERT -> {
                if (tolerant) {
                    batch(c, s.upsert, rows, r -> new Object[][] {r.after()}, s.writable);
                    return out;
                }
                Savepoint before = c.setSavepoint();
                try {
                    batch(c, s.insert, rows, r -> new Object[][] {r.after()}, s.writable);
                } catch (SQLException e) {
                    if (!isDuplicateKey(e)) {
                        throw e;
                    }
                    c.rollback(before);
                    for (RowOp r : rows) {
                        insertOne(c, s, r, gtid, conflicts, out);
                    }
                }
            }
            case UPDATE -> {
                int[] counts = batch(c, s.update, rows, r -> new Object[][] {r.after(), s.imageValues(r.before())}, s.writable,
                        s.imageColumns());
                List<RowOp> missing = missing(rows, counts);
                if (tolerant) {
                    if (!missing.isEmpty() && s.schema.partialImage()) {
                        throw ConflictResolver.partialImage(s, missing.get(0), Conflict.Kind.ROW_MISSING, gtid);
                    }
                    if (!missing.isEmpty()) {
                        run(c, s, Operation.INSERT, missing, true, gtid, conflicts);
                    }
                } else {
                    resolveAll(c, s, missing, gtid, conflicts, out);
                }
            }
            case DELETE -> {
                int[] counts = batch(c, s.delete, rows, r -> new Object[][] {s.imageValues(r.before())}, s.imageColumns());
                if (!tolerant) {
                    resolveAll(c, s, missing(rows, counts), gtid, conflicts, out);
                }
            }
        }
        return out;
    }

    private void insertOne(Connection c, SqlShapes s, RowOp r, String gtid, ConflictResolver conflicts,
                           List<Conflict> out) throws SQLException {
        try {
            batch(c, s.insert, List.of(r), x -> new Object[][] {x.after()}, s.writable);
        } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            resolveAll(c, s, List.of(r), gtid, conflicts, out);
        }
    }

    private static void resolveAll(Connection c, SqlShapes s, List<RowOp> rows, String gtid, ConflictResolver conflicts,
                                   List<Conflict> out) throws SQLException {
        for (RowOp r : rows) {
            Conflict k = conflicts.resolve(c, s, r, gtid);
            if (k != null) {
                out.add(k);
            }
        }
    }

    /** Binds each row's images (in the order given, against the given columns) and runs them as one batch. */
    private int[] batch(Connection c, String sql, List<RowOp> rows, Function<RowOp, Object[][]> images, int[]... columns)
            throws SQLException {
        PreparedStatement ps = prepare(c, sql);
        for (RowOp r : rows) {
            Object[][] values = images.apply(r);
            int next = 1;
            for (int i = 0; i < values.length; i++) {
                next = bindAll(ps, next, values[i], columns[i]);
            }
            ps.addBatch();
        }
        return ps.executeBatch();
    }

    private static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062 || (e.getCause() instanceof SQLException cause && cause.getErrorCode() == 1062);
    }

    void clear() {
        statements.clear();
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static List<RowOp> missing(List<RowOp> rows, int[] counts) {
        List<RowOp> out = new ArrayList<>();
        for (int i = 0; i < counts.length && i < rows.size(); i++) {
            if (counts[i] == 0) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    static int bindAll(PreparedStatement ps, int start, Object[] values, int[] columns) throws SQLException {
        int i = start;
        for (int col : columns) {
            bind(ps, i++, values[col]);
        }
        return i;
    }

    static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof Integer n) {
            ps.setInt(i, n);
        } else if (v instanceof BigInteger b) {
            ps.setBigDecimal(i, new BigDecimal(b));
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof Float f) {
            ps.setDouble(i, f.doubleValue());   // exact, so a FLOAT can be found by value (see SqlLiterals)
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else {
            ps.setObject(i, v);
        }
    }
}
