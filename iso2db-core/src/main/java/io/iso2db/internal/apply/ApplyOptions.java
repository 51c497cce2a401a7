package io.iso2db.internal.apply;

import io.iso2db.LoopControl;

/**
 * How an {@link Applier} applies, beyond where.
 *
 * @param task       the task's name (marker slot, conflict records)
 * @param grouping   group commit of consecutive source transactions
 * @param loop       loop control, or null when off
 * @param conflicts  what to do when a row change does not fit the target
 * @param routes     where source tables are applied
 * @param compareBeforeImage whether UPDATE/DELETE also match the other columns' before image
 * @param onConflict told of each conflict resolved in favour of the source, once its transaction committed
 * @param targetTimeout how long a statement may go unanswered before the connection counts as lost (zero: no limit)
 * @param formerSessions where the task's apply sessions leave the target sessions they give up
 */
public record ApplyOptions(String task, Grouping grouping, LoopControl loop,
                           io.iso2db.ConflictPolicy conflicts,
                           io.iso2db.internal.route.Routes routes, boolean compareBeforeImage,
                           java.util.function.Consumer<io.iso2db.event.Conflict> onConflict,
                           java.time.Duration targetTimeout, FormerSessions formerSessions) {

    /** The same options with another grouping. */
    public ApplyOptions withGrouping(Grouping other) {
        return new ApplyOptions(task, other, loop, conflicts, routes, compareBeforeImage, onConflict, targetTimeout,
                formerSessions);
    }
}
