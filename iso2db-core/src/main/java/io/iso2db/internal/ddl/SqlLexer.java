package io.iso2db.internal.ddl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where quoted text and comments of an SQL statement end: enough to look at a statement's words
 * without being misled by a comment between them or by a word inside a string.
 */
final class SqlLexer {

    private static final Pattern SET_STATEMENT = Pattern.compile("^\\s*SET\\s+STATEMENT\\s", Pattern.CASE_INSENSITIVE);

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
     * The statement as the server reads it, with positions kept: every comment replaced by as many
     * spaces, so that the words around it are read as neighbours; an executable comment's markers
     * ({@code /*!40101}, {@code /*M!100100} and its closing {@code *}{@code /}) blanked, its text kept: the
     * server runs it (whatever the version number: a statement is recognised as its newest reader would).
     */
    static String maskComments(String sql) {
        if (sql.indexOf("/*") < 0 && sql.indexOf('#') < 0 && sql.indexOf("--") < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        boolean executable = false;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = quotedEnd(sql, i, c, c != '`');
                continue;
            }
            int end;
            if (executable && sql.startsWith("*/", i)) {
                end = i + 2;
                executable = false;
            } else if ((end = commentEnd(sql, i)) < 0 && (end = executableStart(sql, i)) >= 0) {
                executable = true;
            }
            if (end < 0) {
                i++;
                continue;
            }
            blank(out, i, end);
            i = end;
        }
        return out.toString();
    }

    /** The index after an executable comment's opening marker and version at {@code i}, or -1. */
    private static int executableStart(String s, int i) {
        int k = s.startsWith("/*!", i) ? i + 3 : s.startsWith("/*M!", i) ? i + 4 : -1;
        while (k > 0 && k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /**
     * In a masked statement, the index after the {@code FOR} of a leading MariaDB
     * {@code SET STATEMENT var = value [, ...] FOR}, where the statement proper starts; 0 when there is none.
     */
    static int afterSetStatement(String masked) {
        Matcher head = SET_STATEMENT.matcher(masked);
        if (!head.find()) {
            return 0;
        }
        int i = head.end();
        while (i < masked.length()) {
            char c = masked.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = quotedEnd(masked, i, c, c != '`');
            } else if ((c == 'F' || c == 'f') && masked.regionMatches(true, i, "FOR", 0, 3) && wordBoundary(masked, i - 1)
                    && wordBoundary(masked, i + 3)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return 0;
    }

    private static boolean wordBoundary(String s, int i) {
        return i < 0 || i >= s.length() || !(Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$');
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }
}
