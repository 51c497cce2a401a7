package io.iso2db.internal.ddl;

/**
 * Where quoted text and comments of an SQL statement end: enough to look at a statement's words
 * without being misled by a comment between them or by a word inside a string.
 */
final class SqlLexer {

    private SqlLexer() {
    }

    /**
     * The index after the quote that closes the one at {@code start} (a doubled quote, or with
     * {@code backslashes} an escaped one, is text); the length when it is not closed.
     */
    static int quotedEnd(String s, int start, char quote, boolean backslashes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < s.length() && s.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    /**
     * The index after the comment that starts at {@code i}, or -1 when none does. An executable
     * comment ({@code /*!} or {@code /*M!}) is not one: its text is part of the statement.
     */
    static int commentEnd(String s, int i) {
        if (s.startsWith("/*", i) && !s.startsWith("/*!", i) && !s.startsWith("/*M!", i)) {
            int close = s.indexOf("*/", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        char c = s.charAt(i);
        if (c == '#' || (s.startsWith("--", i) && (i + 2 == s.length() || Character.isWhitespace(s.charAt(i + 2))))) {
            int newline = s.indexOf('\n', i);
            return newline < 0 ? s.length() : newline + 1;
        }
        return -1;
    }

    /**
     * The statement with every comment replaced by as many spaces (positions stay those of the
     * statement), so that the words around a comment are read as neighbours.
     */
    static String maskComments(String sql) {
        if (sql.indexOf("/*") < 0 && sql.indexOf('#') < 0 && sql.indexOf("--") < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = quotedEnd(sql, i, c, c != '`');
                continue;
            }
            int end = commentEnd(sql, i);
            if (end < 0) {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }
}
