package io.iso2db.internal.apply;

import io.iso2db.LoopControl;
import java.time.Duration;

/**
 * How an {@link Applier} applies, beyond where.
 *
 * @param task       the task's name (marker slot, conflict records)
 * @param groupMax   up to this many source transactions share one target commit (1: no grouping)
 * @param groupDelay the longest a complete transaction waits for its group's commit
 * @param loop       loop control, or null when off
 * @param conflicts  what to do when a row change does not fit the target
 * @param routes     where source tables are applied
 * @param compareBeforeImage whether UPDATE/DELETE also match the other columns' before image
 * @param onConflict told of each conflict resolved in favour of the source, once its transaction committed
 */
public record ApplyOptions(String task, int groupMax, Duration groupDelay, LoopControl loop,
                           io.iso2db.ConflictPolicy conflicts,
                           io.iso2db.internal.route.Routes routes, boolean compareBeforeImage,
                           java.util.function.Consumer<io.iso2db.event.Conflict> onConflict) {
}
