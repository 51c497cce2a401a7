package io.iso2db;

/**
 * What went wrong, for programs that react to failures. Each {@link Iso2dbException} carries one;
 * the message says which object is concerned and what to do.
 */
public enum ErrorCode {
    /** A builder setting or config-file key is missing or has a bad value. */
    INVALID_CONFIGURATION,
    /** A server cannot be reached (host, port, network, TLS). */
    CONNECTION_FAILED,
    /** A server refused the user name or password. */
    AUTHENTICATION_FAILED,
    /** The source has no binary log ({@code log_bin=OFF}). */
    BINLOG_DISABLED,
    /** The source's {@code binlog_format} is not {@code ROW}. */
    BINLOG_FORMAT_NOT_ROW,
    /** The source's {@code binlog_row_image} is not {@code FULL}. */
    BINLOG_ROW_IMAGE_NOT_FULL,
    /** The start position is no longer on the source (its binlog was purged). */
    BINLOG_PURGED,
    /** The start position's kind (GTID flavor, file) does not fit the source. */
    POSITION_MISMATCH,
    /** A user lacks a privilege the task needs. */
    MISSING_PRIVILEGE,
    /** Another replica is registered on the source with the same {@code server_id}. */
    DUPLICATE_SERVER_ID,
    /** A replicated table does not exist on the target. */
    TARGET_TABLE_MISSING,
    /** A target table's columns do not fit the source's rows. */
    SCHEMA_MISMATCH,
    /** A trigger on a replicated target table would act again on applied rows (its effects would be doubled). */
    TARGET_TRIGGERS,
    /** A row change conflicts with the target (duplicate key, missing row). */
    APPLY_CONFLICT,
    /** The target rejected a row change for another reason. */
    APPLY_FAILED,
    /** The target rejected a replicated DDL statement. */
    DDL_FAILED,
    /** Loop control cannot work on the target as it is set up (marker table, binlog, table engines). */
    LOOP_CONTROL_NOT_READY,
    /** An export stopped: a worker failed (the message names table, chunk and cause), or it was interrupted. */
    EXPORT_FAILED,
    /** A checkpoint could not be read or written. */
    CHECKPOINT_FAILED,
    /** An online verify could not compare a table (the message names table, range and cause). */
    VERIFY_FAILED,
    /** Resume was requested but no position is stored for the task. */
    NO_STORED_POSITION,
    /**
     * The source logged a change of a replicated table in a form iso2db cannot apply exactly
     * (a statement instead of rows, a prepared XA transaction, a partial row image, a
     * system-versioned table, a table renamed into the replicated set with its rows): the task
     * stops rather than let the target differ. The message names the event and the way out.
     */
    UNSUPPORTED_EVENT,
    /** Reading the source's binlog failed and could not be resumed. */
    SOURCE_FAILED,
    /**
     * Another node took this task over (cluster mode): its take-over raised the epoch in the
     * target's checkpoint row, so this node's commit was refused and rolled back and the task
     * stopped. Nothing was applied twice.
     */
    FENCED,
    /**
     * The target refuses writes ({@code read_only}, e.g. during a switchover): the transaction was
     * rolled back and the task waits (RECONNECTING), trying again with back-off until the target
     * takes writes; nothing is skipped.
     */
    TARGET_READ_ONLY,
    /**
     * The target is out of space ("table is full", disk full): the transaction was rolled back and
     * the task waits (RECONNECTING), trying again with back-off until space is freed; nothing is
     * skipped and no part of a transaction stays committed.
     */
    TARGET_FULL,
    /** The object is in the wrong lifecycle state for the call (e.g. started twice). */
    ILLEGAL_STATE
}
