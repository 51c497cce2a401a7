package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.RowChange.Operation;
import io.iso2db.internal.schema.TableSchema;

/**
 * A sequence's state arrives as a row of its table (written when the source used up its cached
 * values, or by SETVAL); the target takes it as a native replica does, through {@code SETVAL},
 * which never moves a sequence backwards, so a replayed change does no harm.
 */
final class Sequences {

    private Sequences() {
    }

    /** The statement that moves the target sequence to the row's state. */
    static String setval(RowOp op, String gtid) {
        TableSchema s = op.schema();
        int next = s.indexOf("next_not_cached_value");
        int round = s.indexOf("cycle_count");
        if (op.op() == Operation.DELETE || op.after() == null || next < 0 || round < 0) {
            throw new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtid + " changes"
                    + " sequence " + s.id() + " in a way iso2db cannot apply (" + op.op() + "). Nothing after it was"
                    + " applied; recreate the sequence on the target with the source's state, then restart.");
        }
        return "DO SETVAL(" + s.id().quoted() + ", " + op.after()[next] + ", 0, " + op.after()[round] + ")";
    }
}
