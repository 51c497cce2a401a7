package io.iso2db.internal.apply;

import java.math.BigDecimal;

/**
 * Renders values as exact SQL literals: bytes as hexadecimal (stored byte for byte whatever the
 * column's character set), numbers in their shortest exact form, strings quoted and escaped for
 * a session without {@code NO_BACKSLASH_ESCAPES}.
 */
final class SqlLiterals {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SqlLiterals() {
    }

    static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("NULL");
        } else if (v instanceof byte[] b) {
            sb.append("X'");
            for (byte x : b) {
                sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
            }
            sb.append('\'');
        } else if (v instanceof Long || v instanceof Integer || v instanceof java.math.BigInteger
                || v instanceof Short || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (v instanceof Float f) {
            // the exact double value of the float: writes the same float bits and, unlike "1.1",
            // compares equal to the stored FLOAT (which the server compares as a double)
            sb.append(Float.isFinite(f) ? Double.toString(f.doubleValue()) : "NULL");
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? Double.toString(d) : "NULL");
        } else if (v instanceof Boolean b) {
            sb.append(b ? '1' : '0');
        } else {
            quoted(sb, v.toString());
        }
    }

    /**
     * Appends {@code template} with each {@code ?} placeholder replaced by the next value as a
     * literal. A {@code ?} inside a backtick-quoted identifier is part of the name, not a placeholder.
     */
    static void fill(StringBuilder sb, String template, Object... values) {
        int next = 0;
        boolean inIdentifier = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '`') {
                inIdentifier = !inIdentifier;
            }
            if (c == '?' && !inIdentifier) {
                append(sb, values[next++]);
            } else {
                sb.append(c);
            }
        }
        if (next != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + next + " placeholders in " + template);
        }
    }

    /** Appends the given columns of a row as a parenthesised list of literals. */
    /** Appends {@code (v1, v2, ...)}: every value of {@code values}, as literals. */
    static void row(StringBuilder sb, Object[] values) {
        sb.append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            append(sb, values[i]);
        }
        sb.append(')');
    }

    static void row(StringBuilder sb, int[] columns, Object[] row) {
        sb.append('(');
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            append(sb, row[columns[i]]);
        }
        sb.append(')');
    }

    static void quoted(StringBuilder sb, String s) {
        sb.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001A' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        sb.append('\'');
    }
}
