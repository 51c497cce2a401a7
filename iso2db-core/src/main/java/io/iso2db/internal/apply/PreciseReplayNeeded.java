package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;

/**
 * The pipelined form of a transaction failed. Nothing was committed; the task re-reads the
 * transaction and applies it statement by statement, which either succeeds or stops the task
 * with the exact statement, table and key.
 */
public final class PreciseReplayNeeded extends Iso2dbException {

    private static final long serialVersionUID = 1L;

    PreciseReplayNeeded(String message, Throwable cause) {
        super(ErrorCode.APPLY_FAILED, message, cause);
    }

    /** The task restarts from its checkpoint at once (no back-off): {@code message} says why. */
    public static PreciseReplayNeeded restart(String message, Throwable cause) {
        return new PreciseReplayNeeded(message, cause);
    }
}
