package io.iso2db.internal.ddl;

import java.util.StringJoiner;

/**
 * The parts of a source session's {@code sql_mode} that decide what a DDL statement's text means:
 * how names are quoted, what {@code ||} and {@code NOT} do, what REAL is, what a backslash in a
 * string is, the Oracle syntax. The target runs the statement with the same ones, as a native
 * replica does (it takes the whole mode from the event). The bits are the same on MariaDB and
 * MySQL, except ORACLE (MariaDB only; MySQL never sets that bit).
 */
public final class SourceSqlMode {

    private static final long REAL_AS_FLOAT = 1;
    private static final long PIPES_AS_CONCAT = 1 << 1;
    private static final long ANSI_QUOTES = 1 << 2;
    private static final long IGNORE_SPACE = 1 << 3;
    private static final long ORACLE = 1 << 9;
    private static final long NO_BACKSLASH_ESCAPES = 1 << 20;
    private static final long HIGH_NOT_PRECEDENCE = 1 << 29;
    private static final long NO_ENGINE_SUBSTITUTION = 1L << 30;
    private static final long[] BITS = {REAL_AS_FLOAT, PIPES_AS_CONCAT, ANSI_QUOTES, IGNORE_SPACE, ORACLE,
        NO_BACKSLASH_ESCAPES, HIGH_NOT_PRECEDENCE};
    private static final String[] NAMES = {"REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", "ORACLE",
        "NO_BACKSLASH_ESCAPES", "HIGH_NOT_PRECEDENCE"};

    private SourceSqlMode() {
    }

    /** The names of the modes among {@code sqlMode} that change how a statement reads, comma-separated ("" for none or -1). */
    public static String readingModes(long sqlMode) {
        StringJoiner names = new StringJoiner(",");
        for (int i = 0; sqlMode > 0 && i < BITS.length; i++) {
            if ((sqlMode & BITS[i]) != 0) {
                names.add(NAMES[i]);
            }
        }
        return names.toString();
    }

    /** {@code sqlMode} with NO_ENGINE_SUBSTITUTION: a table is created in the engine named, or not at all. */
    static long refusingEngineSubstitution(long sqlMode) {
        return sqlMode | NO_ENGINE_SUBSTITUTION;
    }

    /**
     * The statement with names in double quotes (a session with ANSI_QUOTES) quoted in backticks,
     * which read the same under any mode, so the parser finds the names it changes; strings,
     * backtick names and comments are left as they are. Unchanged without ANSI_QUOTES.
     */
    public static String backtickNames(String sql, long sqlMode) {
        if (sqlMode <= 0 || (sqlMode & ANSI_QUOTES) == 0 || sql.indexOf('"') < 0) {
            return sql;
        }
        boolean backslashes = (sqlMode & NO_BACKSLASH_ESCAPES) == 0;
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"') {
                int end = SqlLexer.quotedEnd(sql, i, '"', false);
                String name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                out.append('`').append(name.replace("`", "``")).append('`');
                i = end;
                continue;
            }
            int end = c == '\'' || c == '`' ? SqlLexer.quotedEnd(sql, i, c, c == '\'' && backslashes)
                    : SqlLexer.commentEnd(sql, i);
            end = end < 0 ? i + 1 : end;   // executable comments are read on: their text is part of the statement
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }
}
