package io.iso2db.export;

import java.util.Map;

/**
 * One row that differs between source and target, as {@link Verifier} found it. Values are shown
 * as text (binary values as {@code 0x...} hex), SQL NULL as {@code null}.
 *
 * @param kind      how it differs
 * @param key       the row's key columns and values; for a table without a unique key, every column
 * @param sourceRow the row on the source, or null when it is not there
 * @param targetRow the row on the target, or null when it is not there
 */
public record RowDifference(Kind kind, Map<String, String> key, Map<String, String> sourceRow,
                            Map<String, String> targetRow) {

    /** How a row differs. */
    public enum Kind {
        /** On the source, not on the target. */
        MISSING_ON_TARGET,
        /** On the target, not on the source. */
        EXTRA_ON_TARGET,
        /** On both under the same key, with different values. */
        DIFFERENT
    }

    @Override
    public String toString() {
        return kind + " " + key + (kind == Kind.DIFFERENT ? ": source " + sourceRow + ", target " + targetRow : "");
    }
}
