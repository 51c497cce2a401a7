package io.iso2db.internal.pipeline;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.apply.PreciseReplayNeeded;
import io.iso2db.internal.jdbc.Jdbc;
import java.util.Set;

/**
 * The one place that decides which failures a reconnect may cure. Only losses of a connection
 * are retried (and a replay statement by statement after a pipelined failure); everything a
 * reconnect would meet again — a bad or purged position, privileges, a server_id conflict, a
 * schema mismatch, an event iso2db cannot apply, a conflict — stops the task with its code.
 */
public final class Transience {

    /** Retried whatever their cause. */
    private static final Set<ErrorCode> TRANSIENT = Set.of(ErrorCode.CONNECTION_FAILED,
            ErrorCode.TARGET_READ_ONLY, ErrorCode.TARGET_FULL);
    /** Retried only when the cause is a lost connection (the statement never ran to an answer). */
    private static final Set<ErrorCode> TRANSIENT_WHEN_DISCONNECTED =
            Set.of(ErrorCode.APPLY_FAILED, ErrorCode.DDL_FAILED, ErrorCode.CHECKPOINT_FAILED);

    private Transience() {
    }

    public static boolean isTransient(Iso2dbException e) {
        if (e instanceof PreciseReplayNeeded || TRANSIENT.contains(e.code())) {
            return true;
        }
        return TRANSIENT_WHEN_DISCONNECTED.contains(e.code()) && Jdbc.isConnectionLoss(e.getCause());
    }
}
