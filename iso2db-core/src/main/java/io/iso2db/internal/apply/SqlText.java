package io.iso2db.internal.apply;

/** Literal rendering for other internal packages (checkpoint stores). */
public final class SqlText {

    private SqlText() {
    }

    /** {@code template} with its {@code ?} placeholders replaced by {@code values} as exact literals. */
    public static String fill(String template, Object... values) {
        StringBuilder sb = new StringBuilder(template.length() + 64);
        SqlLiterals.fill(sb, template, values);
        return sb.toString();
    }
}
