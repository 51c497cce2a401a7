package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The one place that knows how a target failure is classified: read-only and full targets (the
 * task waits), a table or column gone (it stops, saying what to repair), a lost connection (it
 * reconnects), anything else (it stops).
 */
final class TargetFailures {

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
    private static final Pattern NO_SPACE =
            Pattern.compile("(?i)(errcode: 28|errno: 28|error 28\\b|no space left)");

    private TargetFailures() {
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

    /**
     * What a failed statement on the target means for the task, named for an operator. A failure on
     * a connection that no longer works is a connection loss, whatever the driver called it.
     */
    static Iso2dbException classify(ConnectionSettings target, String what, SQLException e, Connection c) {
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
}
