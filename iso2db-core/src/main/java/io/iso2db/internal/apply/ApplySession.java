package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection changes are applied on, and everything set on it: UTC, strict row mode, the
 * applying marker for guarded triggers, binary logging off unless the task logs its changes. Opened
 * on first use and after a loss; the one place that knows how a target failure is classified.
 */
final class ApplySession implements AutoCloseable {

    /** read_only (or another server option) refuses the statement. */
    private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;
    private static final int ER_BAD_FIELD_ERROR = 1054;
    private static final int ER_NO_SUCH_TABLE = 1146;
    /** MySQL: the storage engine is in read-only mode. */
    private static final int ER_READ_ONLY_MODE = 1836;
    /** InnoDB cannot extend a tablespace ("The table 't' is full"). */
    private static final int ER_RECORD_FILE_FULL = 1114;
    private static final int ER_DISK_FULL = 1021;
    /** Errors that carry the operating system's errno (writing a file, the engine): 28 is ENOSPC. */
    private static final java.util.regex.Pattern NO_SPACE =
            java.util.regex.Pattern.compile("(?i)(errcode: 28|errno: 28|error 28\\b|no space left)");

    /** A parallel worker waiting this long for a row lock is blocked by a later worker (or the target's own writers). */
    static final int PARALLEL_LOCK_WAIT_SECONDS = 10;

    private final ConnectionSettings target;
    private final boolean targetBinlog;
    private final Runnable beforeFirstWrite;
    /** Statements and commits unanswered this long count as a lost connection; 0: no limit. */
    private final int timeoutMillis;
    private final FormerSessions former;
    private Connection connection;
    /** The open connection's session on the target, to end when the connection is given up. */
    private FormerSessions.Session current;
    private boolean parallelWorker;
    private boolean firstWriteReady;
    /** Check flags the session runs with (0: the server's defaults, as on a new connection). */
    private int checkFlags;

    /**
     * @param beforeFirstWrite runs once, when the session first opens (creates the checkpoint table when missing)
     */
    ApplySession(ConnectionSettings target, boolean targetBinlog, java.time.Duration timeout, FormerSessions former,
                 Runnable beforeFirstWrite) {
        this.target = target;
        this.former = former;
        this.targetBinlog = targetBinlog;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.beforeFirstWrite = beforeFirstWrite;
    }

    /** The open connection (autocommit off), opened and prepared when there is none. */
    Connection connection() {
        if (connection == null) {
            Connection c = Jdbc.openSession(target, "target");
            try (Statement st = c.createStatement()) {
                c.setNetworkTimeout(Runnable::run, timeoutMillis);
                current = FormerSessions.of(c);
                c.setAutoCommit(false);
                st.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + SessionModes.ROWS + "', "
                        + SessionModes.APPLYING + " = 1");
                if (!targetBinlog) {
                    keepOutOfBinlog(st);
                }
                if (parallelWorker) {
                    // no gap locks between workers' rows; a lock held by a later worker shows in seconds
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    st.execute("SET SESSION innodb_lock_wait_timeout = " + PARALLEL_LOCK_WAIT_SECONDS);
                }
            } catch (SQLException e) {
                Jdbc.closeQuietly(c);
                throw failure("preparing the apply session", e, c);
            } catch (RuntimeException e) {
                Jdbc.closeQuietly(c);
                throw e;
            }
            if (!firstWriteReady) {
                try {
                    beforeFirstWrite.run();
                } catch (RuntimeException e) {
                    Jdbc.closeQuietly(c);
                    throw e;
                }
                firstWriteReady = true;
            }
            connection = c;
            checkFlags = 0;
        }
        return connection;
    }

    private void keepOutOfBinlog(Statement st) {
        try {
            st.execute("SET SESSION sql_log_bin = 0");
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The target user " + target.describe()
                    + " may not switch off binary logging (SET sql_log_bin=0). Grant it BINLOG ADMIN"
                    + " (MariaDB) or SUPER/SYSTEM_VARIABLES_ADMIN (MySQL), or use targetBinlog(true).", e);
        }
    }

    /** Sessions opened from now on serve a parallel worker. */
    void forParallelWorker() {
        this.parallelWorker = true;
    }

    /** The foreign-key and unique check flags the session runs with now. */
    int checkFlags() {
        return checkFlags;
    }

    void checkFlags(int flags) {
        this.checkFlags = flags;
    }

    /** Runs one statement now. */
    void execute(String sql, String what) {
        try (Statement st = connection().createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    void commit(String what) {
        try {
            connection().commit();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} without strict mode (rows as a non-strict source writes them), then back to strict. */
    void lax(SqlWork work) throws SQLException {
        try (Statement st = connection().createStatement()) {
            st.execute("SET SESSION sql_mode = '" + SessionModes.ROWS_LAX + "'");
            try {
                work.run(connection);
            } finally {
                st.execute("SET SESSION sql_mode = '" + SessionModes.ROWS + "'");
            }
        }
    }

    /**
     * Runs {@code work} in autocommit with the lax SQL mode, after committing what is open: a DDL
     * statement must not wait for a lock the session itself holds (EXCHANGE PARTITION), and its data
     * conversions run as the source ran them.
     */
    void autocommitLax(SqlWork work) throws SQLException {
        Connection c = connection();
        c.commit();
        c.setAutoCommit(true);
        c.setNetworkTimeout(Runnable::run, 0);   // an ALTER TABLE may rightly run for hours
        try {
            lax(work);
        } finally {
            c.setNetworkTimeout(Runnable::run, timeoutMillis);
            c.setAutoCommit(false);
        }
    }

    /** Abandons the open transaction and the connection, which may be broken. */
    void discard() {
        if (connection != null) {
            if (current != null) {
                former.add(current);
                current = null;
            }
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is discarded below
            }
            Jdbc.closeQuietly(connection);
            connection = null;
        }
    }

    /**
     * Lets the connection go without a rollback: it holds a prepared XA transaction, which the
     * target keeps (a ROLLBACK would be refused in that state anyway).
     */
    void detach() {
        Jdbc.closeQuietly(connection);
        connection = null;
        current = null;   // its prepared XA transaction outlives the session on purpose
    }

    boolean isOpen() {
        return connection != null;
    }

    /** The target refuses writes for now (read_only, super_read_only, an engine in read-only mode). */
    static boolean isReadOnly(SQLException e) {
        return e.getErrorCode() == ER_OPTION_PREVENTS_STATEMENT || e.getErrorCode() == ER_READ_ONLY_MODE;
    }

    /** The target is out of space: a table's file cannot grow or the disk is full. */
    static boolean isFull(SQLException e) {
        return e.getErrorCode() == ER_RECORD_FILE_FULL || e.getErrorCode() == ER_DISK_FULL
                || (e.getMessage() != null && NO_SPACE.matcher(e.getMessage()).find());
    }

    /** The wait on a full target, named so an operator knows what to do; {@code target} may be empty. */
    static Iso2dbException full(String target, String what, SQLException e) {
        String who = target.isEmpty() ? "The target" : "The target " + target;
        return new Iso2dbException(ErrorCode.TARGET_FULL, who + " is full (" + e.getMessage()
                + ") while " + what + "; rolled back, waiting until it has free space again (grow the disk or"
                + " the tablespace, or remove data there); the task goes on by itself", e);
    }

    Iso2dbException failure(String what, SQLException e) {
        return failure(what, e, connection);
    }

    /** A failure on a connection that no longer works is a connection loss, whatever the driver called it. */
    private Iso2dbException failure(String what, SQLException e, Connection c) {
        if (isReadOnly(e)) {
            return new Iso2dbException(ErrorCode.TARGET_READ_ONLY, "The target " + target.describe() + " is read-only ("
                    + e.getMessage() + ") while " + what + "; rolled back, waiting until it takes writes again", e);
        }
        if (isFull(e)) {
            return full(target.describe(), what, e);
        }
        if (e.getErrorCode() == ER_BAD_FIELD_ERROR) {
            return new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "The target " + target.describe() + " no longer fits"
                    + " the source's rows while " + what + ": " + e.getMessage() + ". The target table was changed"
                    + " apart from the source; make its columns match the source's again and restart the task.", e);
        }
        if (e.getErrorCode() == ER_NO_SUCH_TABLE) {
            return new Iso2dbException(ErrorCode.TARGET_TABLE_MISSING, "The target " + target.describe() + " lacks a"
                    + " table while " + what + ": " + e.getMessage() + ". Create it as on the source and restart the task.", e);
        }
        if (Jdbc.isConnectionLoss(e) || !isValid(c)) {
            return new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Lost the target " + target.describe() + " while "
                    + what + ": " + e.getMessage(), e);
        }
        return new Iso2dbException(ErrorCode.APPLY_FAILED, "The target " + target.describe() + " failed while " + what
                + ": " + e.getMessage(), e);
    }

    private static boolean isValid(Connection c) {
        try {
            return c != null && c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        discard();
    }

    /** Work on the session's connection. */
    @FunctionalInterface
    interface SqlWork {
        void run(Connection c) throws SQLException;
    }
}
