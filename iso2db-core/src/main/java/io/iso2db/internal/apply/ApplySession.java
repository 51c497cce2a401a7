package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection changes are applied on, and everything set on it: UTC, strict row mode, the
 * applying marker for guarded triggers, binary logging off unless the task logs its changes. Opened
 * on first use and after a loss. Its failures are classified by {@link TargetFailures}.
 */
final class ApplySession implements AutoCloseable {

    /** A parallel worker waiting this long for a row lock is blocked by a later worker (or the target's own writers). */
    static final int PARALLEL_LOCK_WAIT_SECONDS = 10;
    /** Rows carry TIMESTAMP values as instants: written in UTC. */
    private static final String ROWS_TIME_ZONE = "+00:00";

    private final ConnectionSettings target;
    private final boolean targetBinlog;
    private final Runnable beforeFirstWrite;
    /** Statements and commits unanswered this long count as a lost connection; 0: no limit. */
    private final int timeoutMillis;
    private final FormerSessions former;
    /** The round trip sent ahead (pipelined rows and commits of the task's single session), if any. */
    private final RoundTripOnItsWay onItsWay;
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
                 Runnable beforeFirstWrite, String task) {
        this.target = target;
        this.onItsWay = new RoundTripOnItsWay("iso2db-" + task + "-send");
        this.former = former;
        this.targetBinlog = targetBinlog;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.beforeFirstWrite = beforeFirstWrite;
    }

    /**
     * The open connection (autocommit off), opened and prepared when there is none; a round trip on
     * its way is answered first (its failure is thrown here).
     */
    Connection connection() {
        onItsWay.settle();
        if (connection == null) {
            Connection c = Jdbc.openSession(target, "target");
            try (Statement st = c.createStatement()) {
                c.setNetworkTimeout(Runnable::run, timeoutMillis);
                current = FormerSessions.of(c);
                c.setAutoCommit(false);
                st.execute("SET SESSION time_zone = '" + ROWS_TIME_ZONE + "', sql_mode = '" + SessionModes.ROWS + "', "
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
                throw TargetFailures.classify(target, "preparing the apply session", e, c);
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

    /** Opens the connection if there is none, without waiting for a round trip on its way (which needs one). */
    void ensureOpen() {
        if (connection == null) {
            connection();
        }
    }

    /**
     * Sends a round trip on the open connection from the sender thread and returns at once; the
     * next use of the connection waits for its answer. {@code onFailure} turns its failure into what
     * is thrown then.
     */
    void sendAhead(RoundTripOnItsWay.Work work, java.util.function.Function<Exception, RuntimeException> onFailure) {
        connection();
        onItsWay.send(work, onFailure);
    }

    /** Runs {@code then} once the round trip on its way committed, or now when none is on its way. */
    void afterAnswer(Runnable then) {
        onItsWay.afterAnswer(then);
    }

    /** Waits for the round trip on its way, if any; throws its failure. */
    void settle() {
        onItsWay.settle();
    }

    /** Waits for the round trip on its way, if any, where everything is being abandoned: its failure is only logged. */
    void settleQuietly() {
        onItsWay.settleQuietly();
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
        lax(SourceSession.NONE, work);
    }

    /** As {@link #lax(SqlWork)}, with the source session's settings for a DDL statement ({@link SourceSession}). */
    private void lax(SourceSession source, SqlWork work) throws SQLException {
        try (Statement st = connection().createStatement()) {
            SourceSessionSettings settings = SourceSessionSettings.of(source, st, ROWS_TIME_ZONE, checkFlags);
            settings.set(st);
            try {
                work.run(connection);
            } finally {
                settings.reset(st);
            }
        }
    }

    /**
     * Runs {@code work} in autocommit with the lax SQL mode, after committing what is open: a DDL
     * statement must not wait for a lock the session itself holds (EXCHANGE PARTITION), and its data
     * conversions run as the source ran them, with the {@code source} session's settings that decide
     * what the statement creates.
     */
    void autocommitLax(SourceSession source, SqlWork work) throws SQLException {
        Connection c = connection();
        c.commit();
        c.setAutoCommit(true);
        c.setNetworkTimeout(Runnable::run, 0);   // an ALTER TABLE may rightly run for hours
        try {
            lax(source, work);
        } finally {
            c.setNetworkTimeout(Runnable::run, timeoutMillis);
            c.setAutoCommit(false);
        }
    }

    /** Abandons the open transaction and the connection, which may be broken. */
    void discard() {
        onItsWay.settleQuietly();
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
        onItsWay.settle();   // the XA PREPARE may be on its way: it must have succeeded before the connection goes
        Jdbc.closeQuietly(connection);
        connection = null;
        current = null;   // its prepared XA transaction outlives the session on purpose
    }

    boolean isOpen() {
        return connection != null;
    }

    Iso2dbException failure(String what, SQLException e) {
        return TargetFailures.classify(target, what, e, connection);
    }

    @Override
    public void close() {
        discard();
        onItsWay.close();
    }

    /** Work on the session's connection. */
    @FunctionalInterface
    interface SqlWork {
        void run(Connection c) throws SQLException;
    }
}
