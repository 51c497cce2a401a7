package io.iso2db.internal.assemble;

import io.iso2db.internal.ddl.DdlParser;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The QUERY events a row-logged transaction may hold between BEGIN and COMMIT, and what the
 * others are: a change the source logged as an SQL statement (a session with
 * {@code binlog_format=STATEMENT} or {@code MIXED}), which iso2db cannot apply as rows.
 */
final class TransactionStatements {

    enum Kind {
        /** {@code SAVEPOINT x}: replayed on the target, so a later ROLLBACK TO undoes the same rows. */
        SAVEPOINT,
        /** {@code ROLLBACK TO x}: rows before it were undone on the source. */
        ROLLBACK_TO,
        /** {@code XA END}: nothing to do; the group ends with XA PREPARE or XA COMMIT. */
        XA_END,
        /** Temporary tables are never logged as rows; their statements change nothing replicated. */
        TEMPORARY,
        /** A DDL statement inside a transaction ({@code CREATE TABLE ... SELECT} logs its CREATE and then rows). */
        DDL,
        /** Anything else: a change logged as a statement. */
        STATEMENT
    }

    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s|/\\*.*?\\*/|#[^\\n]*\\n|--\\s[^\\n]*\\n)+",
            Pattern.DOTALL);

    private TransactionStatements() {
    }

    static Kind kind(String sql) {
        String body = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        String upper = body.substring(0, Math.min(40, body.length())).toUpperCase(Locale.ROOT);
        if (upper.startsWith("SAVEPOINT")) {
            return Kind.SAVEPOINT;
        }
        if (upper.startsWith("ROLLBACK TO") || upper.startsWith("ROLLBACK WORK TO")) {
            return Kind.ROLLBACK_TO;
        }
        if (upper.startsWith("XA END")) {
            return Kind.XA_END;
        }
        if (upper.matches("^(CREATE|DROP)\\s+TEMPORARY\\s.*")) {
            return Kind.TEMPORARY;
        }
        if (DdlParser.parse(null, body).isPresent()) {
            return Kind.DDL;
        }
        return Kind.STATEMENT;
    }

    /** The first 200 characters, on one line, for messages. */
    static String excerpt(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
