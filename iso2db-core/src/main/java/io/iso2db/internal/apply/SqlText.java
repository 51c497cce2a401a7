package io.iso2db.internal.apply;

/** Literal rendering for other internal packages (checkpoint stores). */
public final class SqlText {

    private SqlText() {
    }

    /** Appends {@code value} as an exact SQL literal. */
    public static void literal(StringBuilder sb, Object value) {
        SqlLiterals.append(sb, value);
    }
}
