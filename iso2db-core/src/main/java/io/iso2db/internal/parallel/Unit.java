package io.iso2db.internal.parallel;

import io.iso2db.Position;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.RowOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive source transactions applied as one target transaction by one worker, committed in
 * its turn ({@link #seq}), after the units it depends on ({@link #dependsOn}).
 */
final class Unit {

    /** A {@code SAVEPOINT} or {@code ROLLBACK TO} at its place among the rows. */
    record Savepoint(String sql) {
    }

    /** The foreign-key and unique check flags of the rows that follow. */
    record Checks(int flags) {
    }

    final long seq;
    final String firstGtid;
    final long origin;
    /** The first unit after a restart may have been applied before it (at-least-once stores). */
    final boolean tolerant;
    final long createdNanos = System.nanoTime();
    /** {@link RowOp}, {@link Savepoint} and {@link Checks}, in source order. */
    final List<Object> steps = new ArrayList<>();
    /** The highest unit that must be committed before this one starts (0: none). */
    long dependsOn;
    int transactions;
    int rows;
    /** The position after its last complete transaction: its checkpoint. */
    Position last;
    /** Steps and rows of the complete transactions (a source ROLLBACK cuts back to them). */
    private int completeSteps;
    private int completeRows;

    Unit(long seq, String firstGtid, long origin, boolean tolerant) {
        this.seq = seq;
        this.firstGtid = firstGtid;
        this.origin = origin;
        this.tolerant = tolerant;
    }

    void add(Object step) {
        steps.add(step);
        if (step instanceof RowOp) {
            rows++;
        }
    }

    /** The source transaction being added is complete, ending at {@code position}. */
    void transactionEnd(Position position) {
        transactions++;
        last = position;
        completeSteps = steps.size();
        completeRows = rows;
    }

    /** Drops the steps of the source transaction being added (rolled back on the source). */
    void dropOpenTransaction() {
        steps.subList(completeSteps, steps.size()).clear();
        rows = completeRows;
    }

    /** Replays the unit's rows, savepoints and check flags, in source order, on {@code applier}'s open transaction. */
    void replayOn(Applier applier) {
        for (Object step : steps) {
            if (step instanceof RowOp op) {
                applier.row(op);
            } else if (step instanceof Savepoint s) {
                applier.savepoint(s.sql());
            } else if (step instanceof Checks c) {
                applier.checks(c.flags());
            }
        }
    }

    @Override
    public String toString() {
        return "unit " + seq + " (GTID " + firstGtid + ", " + transactions + " transactions, " + rows + " rows)";
    }
}
