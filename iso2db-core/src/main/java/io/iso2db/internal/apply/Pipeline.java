package io.iso2db.internal.apply;

import io.iso2db.event.RowChange.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The row changes of a transaction as one multi-statement round trip: values rendered as exact
 * literals, consecutive inserts into one table merged into one multi-row INSERT. Each UPDATE and
 * DELETE must find its row; when one does not, or the target rejects a statement, the caller
 * replays the transaction statement by statement to report precisely what failed.
 */
final class Pipeline {

    /** Raised when the pipelined form failed; the precise path reports the real cause. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_STATEMENTS = 1000;

    private final StringBuilder sql = new StringBuilder(16 * 1024);
    private final List<Boolean> mustFindRow = new ArrayList<>();
    private SqlShapes lastInsert;
    /** Statement bytes handed to this pipeline since it was made (sent or buffered). */
    private long totalBytes;

    boolean isEmpty() {
        return mustFindRow.isEmpty();
    }

    long totalBytes() {
        return totalBytes + sql.length();
    }

    boolean isFull() {
        return sql.length() >= MAX_BYTES || mustFindRow.size() >= MAX_STATEMENTS;
    }

    void add(SqlShapes s, RowOp op) {
        if (op.op() == Operation.INSERT) {
            if (lastInsert == s) {
                sql.append(',');
            } else {
                separator();
                sql.append("INSERT INTO ").append(s.schema.id().quoted()).append(" (").append(s.columnList).append(") VALUES ");
                mustFindRow.add(false);
                lastInsert = s;
            }
            values(s.writable, op.after());
            return;
        }
        separator();
        lastInsert = null;
        int[] where = s.imageColumns();
        boolean update = op.op() == Operation.UPDATE;
        Object[] values = new Object[(update ? s.writable.length : 0) + where.length];
        int n = 0;
        if (update) {
            for (int c : s.writable) {
                values[n++] = op.after()[c];
            }
        }
        Object[] before = s.imageValues(op.before());
        for (int c : where) {
            values[n++] = before[c];
        }
        SqlLiterals.fill(sql, update ? s.update : s.delete, values);
        mustFindRow.add(true);
    }

    /** Adds a statement whose row count is not checked (checkpoint write, COMMIT). */
    void addUnchecked(String statement) {
        separator();
        lastInsert = null;
        sql.append(statement);
        mustFindRow.add(false);
    }

    /** Sends everything buffered in one round trip and checks each statement's row count. */
    void execute(Connection c) throws Failed, SQLException {
        if (isEmpty()) {
            return;
        }
        String text = sql.toString();
        totalBytes += text.length();
        List<Boolean> checks = List.copyOf(mustFindRow);
        clear();
        int index = 0;
        try (Statement st = c.createStatement()) {
            boolean resultSet = st.execute(text);
            while (true) {
                if (resultSet) {
                    st.getResultSet().close();
                } else {
                    int count = st.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    if (index < checks.size() && checks.get(index) && count == 0) {
                        throw new Failed("statement " + (index + 1) + " found no row", null);
                    }
                    index++;
                }
                resultSet = st.getMoreResults();
            }
        } catch (SQLException e) {
            if (io.iso2db.internal.jdbc.Jdbc.isConnectionLoss(e)) {
                throw e;
            }
            throw new Failed("statement " + (index + 1) + " failed: " + e.getMessage(), e);
        }
        if (index != checks.size()) {
            throw new Failed("expected " + checks.size() + " results, got " + index, null);
        }
    }

    void clear() {
        sql.setLength(0);
        mustFindRow.clear();
        lastInsert = null;
    }

    private void separator() {
        if (!sql.isEmpty()) {
            sql.append(";\n");
        }
    }

    private void values(int[] cols, Object[] row) {
        sql.append('(');
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            SqlLiterals.append(sql, row[cols[i]]);
        }
        sql.append(')');
    }
}
