package io.iso2db.internal.apply;

import io.iso2db.event.RowChange.Operation;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The row changes of a transaction as one multi-statement round trip: values rendered as exact
 * literals, consecutive inserts into one table merged into one multi-row INSERT. Each UPDATE and
 * DELETE must find its row, checked by the server itself right after the statement (a guard that
 * fails when the row count is wrong), so a transaction that did not fit the target stops before
 * its checkpoint and COMMIT, which travel in the same round trip. The caller then rolls back and
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
    /**
     * Overflows BIGINT UNSIGNED when its condition holds: error 1690, which stops the round trip.
     * (No table, no temporary table: cheaper than any query; DO would only warn.)
     */
    private static final String GUARD = "SELECT 18446744073709551615 + (";
    private static final int GUARD_FAILED = 1690;

    private final StringBuilder sql = new StringBuilder(16 * 1024);
    private int statements;
    private SqlShapes lastInsert;
    /** Statement bytes handed to this pipeline since it was made (sent or buffered). */
    private long totalBytes;

    boolean isEmpty() {
        return statements == 0;
    }

    long totalBytes() {
        return totalBytes + sql.length();
    }

    boolean isFull() {
        return sql.length() >= MAX_BYTES || statements >= MAX_STATEMENTS;
    }

    void add(SqlShapes s, RowOp op) {
        if (op.op() == Operation.INSERT) {
            if (lastInsert == s) {
                sql.append(',');
            } else {
                statement().append(s.insertHead);
                lastInsert = s;
            }
            SqlLiterals.row(sql, s.writable, op.after());
            return;
        }
        Object[] where = s.imageArgs(op.before());
        if (op.op() == Operation.UPDATE) {
            Object[] set = SqlShapes.pick(op.after(), s.writable);
            Object[] values = Arrays.copyOf(set, set.length + where.length);
            System.arraycopy(where, 0, values, set.length, where.length);
            SqlLiterals.fill(statement(), s.update, values);
        } else {
            SqlLiterals.fill(statement(), s.delete, where);
        }
        failIf("ROW_COUNT() < 1");
    }

    /** Adds a statement whose row count is not checked (checkpoint write, COMMIT). */
    void addUnchecked(String statement) {
        statement().append(statement);
    }

    /** Starts a statement and returns the buffer to write its text into. */
    StringBuilder statement() {
        if (!sql.isEmpty()) {
            sql.append(";\n");
        }
        lastInsert = null;
        statements++;
        return sql;
    }

    /**
     * Adds a guard that stops the round trip when {@code condition} holds on the server, e.g.
     * {@code ROW_COUNT() <> 3} for "the statement before must have found 3 rows" (the session
     * reports rows found, not changed).
     */
    void failIf(String condition) {
        statement().append(GUARD).append(condition).append(") INTO @iso2db_guard");
    }

    /** What is buffered, as one round trip's text and its statement count. */
    record RoundTrip(String text, int statements) {
    }

    /** Takes what is buffered as one round trip (the buffer is empty after). */
    RoundTrip take() {
        RoundTrip trip = new RoundTrip(sql.toString(), statements);
        totalBytes += trip.text.length();
        clear();
        return trip;
    }

    /** Sends one round trip and reads its whole answer. */
    static void execute(RoundTrip trip, Connection c) throws Failed, SQLException {
        int index = 0;
        try (Statement st = c.createStatement()) {
            boolean resultSet = st.execute(trip.text);
            while (resultSet || st.getUpdateCount() != -1) {
                if (resultSet) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            // drained; nothing the pipeline sends returns rows
                        }
                    }
                }
                index++;
                resultSet = st.getMoreResults();
            }
        } catch (SQLException e) {
            if (Jdbc.isConnectionLoss(e)) {
                throw e;
            }
            if (e.getErrorCode() == GUARD_FAILED) {
                throw new Failed("the target does not hold the rows it changes (or not with the source's before image)", e);
            }
            throw new Failed("statement " + (index + 1) + " failed: " + e.getMessage(), e);
        }
        if (index != trip.statements) {
            throw new Failed("expected " + trip.statements + " results, got " + index, null);
        }
    }

    /** The statements buffered so far, as they would be sent. */
    String text() {
        return sql.toString();
    }

    void clear() {
        sql.setLength(0);
        statements = 0;
        lastInsert = null;
    }
}
