package io.iso2db.spi;

import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.Conflict;
import io.iso2db.event.DdlChange;
import io.iso2db.event.Transaction;

/**
 * Told what a running task does. Called on the task's apply thread: return quickly and never
 * throw (an exception is logged and ignored; an Error stops the task, FAILED with the error named).
 */
public interface ReplicationListener {

    /** Lifecycle states of a task. */
    enum State { STARTING, RUNNING, RECONNECTING, STOPPED, FAILED }

    /** After each source transaction committed on the target. */
    default void onTransaction(Transaction transaction) {
    }

    /** After a DDL statement was applied on the target. */
    default void onDdl(DdlChange ddl, Position after) {
    }

    /**
     * After a transaction with a row change that did not fit the target committed, the source's
     * change having won ({@code ConflictPolicy.OVERWRITE} or {@code LOG}).
     */
    default void onConflict(Conflict conflict) {
    }

    /** When the task changes state; {@code error} is set for {@link State#FAILED} and {@link State#RECONNECTING}. */
    default void onStateChange(State state, Iso2dbException error) {
    }
}
