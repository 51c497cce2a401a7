package io.iso2db.internal.apply;

/**
 * Which {@link ApplyMode} the next unit is applied in: tolerant while it may have been applied
 * before a restart (at-least-once resume), precise while the units of a failed pipelined round
 * trip are replayed one at a time to report what failed, pipelined otherwise.
 */
final class UnitModes {

    private boolean mayBeApplied;
    /** Units still to apply precisely after a pipelined failure: the failed group and the open transaction. */
    private int preciseUnits;

    void tolerant(boolean on) {
        this.mayBeApplied = on;
    }

    boolean tolerant() {
        return mayBeApplied;
    }

    ApplyMode next() {
        return mayBeApplied ? ApplyMode.TOLERANT : preciseUnits > 0 ? ApplyMode.PRECISE : ApplyMode.PIPELINED;
    }

    /** The next {@code units} units are applied precisely. */
    void precisely(int units) {
        this.preciseUnits = units;
    }

    /** A unit applied in {@code mode} committed. */
    void committed(ApplyMode mode) {
        if (preciseUnits > 0 && !mode.pipelined()) {
            preciseUnits--;
        }
    }
}
