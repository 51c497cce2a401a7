package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.RowChange.Operation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds and executes a batch of row changes of one shape, checking that each found its row. */
final class StatementRunner {

    private final Map<String, PreparedStatement> statements = new HashMap<>();

    void run(Connection c, SqlShapes s, Operation op, List<RowOp> rows, boolean tolerant, String gtid)
            throws SQLException {
        switch (op) {
            case INSERT -> {
                PreparedStatement ps = prepare(c, tolerant ? s.upsert : s.insert);
                for (RowOp r : rows) {
                    bindAll(ps, 1, r.after(), s.writable);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            case UPDATE -> {
                PreparedStatement ps = prepare(c, s.update);
                int[] where = s.whereColumns();
                for (RowOp r : rows) {
                    int next = bindAll(ps, 1, r.after(), s.writable);
                    bindAll(ps, next, r.before(), where);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                List<RowOp> missing = missing(rows, counts);
                if (!missing.isEmpty()) {
                    if (!tolerant) {
                        throw notFound(s, op, missing.get(0), gtid);
                    }
                    run(c, s, Operation.INSERT, missing, true, gtid);
                }
            }
            case DELETE -> {
                PreparedStatement ps = prepare(c, s.delete);
                int[] where = s.whereColumns();
                for (RowOp r : rows) {
                    bindAll(ps, 1, r.before(), where);
                    ps.addBatch();
                }
                List<RowOp> missing = missing(rows, ps.executeBatch());
                if (!missing.isEmpty() && !tolerant) {
                    throw notFound(s, op, missing.get(0), gtid);
                }
            }
        }
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

    private static Iso2dbException notFound(SqlShapes s, Operation op, RowOp row, String gtid) {
        StringBuilder key = new StringBuilder();
        for (int i : s.whereColumns()) {
            key.append(key.length() == 0 ? "" : ", ").append(s.schema.column(i).name()).append('=')
                    .append(render(row.before()[i]));
        }
        return new Iso2dbException(ErrorCode.APPLY_CONFLICT, op + " of GTID " + gtid + " found no row in "
                + s.schema.id() + " on the target with " + key + ". The target has drifted from the source;"
                + " the task stopped without skipping anything. Repair the row, then restart.");
    }

    static String render(Object v) {
        if (v instanceof byte[] b) {
            return "'" + new String(b, java.nio.charset.StandardCharsets.UTF_8) + "'";
        }
        return String.valueOf(v);
    }

    private static int bindAll(PreparedStatement ps, int start, Object[] values, int[] columns) throws SQLException {
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
