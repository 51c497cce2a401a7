package io.iso2db.internal.assemble;

import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the DDL statements iso2db replays (table DDL and CREATE/DROP DATABASE) and finds
 * the object they change. Everything else a QUERY event may hold (grants, routines, FLUSH, ...)
 * is not replicated.
 */
public final class DdlParser {

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s|/\\*.*?\\*/|#[^\\n]*\\n|--\\s[^\\n]*\\n)+",
            Pattern.DOTALL);
    private static final Pattern DATABASE = Pattern.compile(
            "^(?:CREATE|DROP|ALTER)\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + IDENT,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE = Pattern.compile(
            "^(?:ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE|CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE|DROP\\s+TABLE"
                    + "|TRUNCATE(?:\\s+TABLE)?|RENAME\\s+TABLE)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INDEX = Pattern.compile(
            "^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX|DROP\\s+INDEX)"
                    + "\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + IDENT + "\\s+(?:USING\\s+\\w+\\s+)?ON\\s+" + NAME,
            Pattern.CASE_INSENSITIVE);

    private static final Pattern RENAME = Pattern.compile("^RENAME\\s+TABLE\\b", Pattern.CASE_INSENSITIVE);

    private DdlParser() {
    }

    /** The DDL change, or empty when the statement is not one iso2db replicates. */
    public static Optional<DdlChange> parse(String defaultDatabase, String sql) {
        String db = defaultDatabase == null ? "" : defaultDatabase;
        String body = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        Matcher m = DATABASE.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, new TableId(unquote(m.group(1)), "")));
        }
        m = TABLE.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, tableOf(db, m.group(1), m.group(2))));
        }
        m = INDEX.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, tableOf(db, m.group(2), m.group(3))));
        }
        return Optional.empty();
    }

    /**
     * The statement with the name of the object it changes (the database, or the table as
     * {@code db.t} or {@code t}) replaced by {@code replacement}; unchanged when not recognised.
     */
    public static String renameObject(String sql, String replacement) {
        String body = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        int offset = sql.length() - body.length();
        Matcher m = DATABASE.matcher(body);
        if (m.find()) {
            return splice(sql, offset + m.start(1), offset + m.end(1), replacement);
        }
        m = TABLE.matcher(body);
        if (m.find()) {
            return splice(sql, offset + m.start(1), offset + (m.group(2) != null ? m.end(2) : m.end(1)), replacement);
        }
        m = INDEX.matcher(body);
        if (m.find()) {
            return splice(sql, offset + m.start(2), offset + (m.group(3) != null ? m.end(3) : m.end(2)), replacement);
        }
        return sql;
    }

    private static String splice(String sql, int start, int end, String replacement) {
        return sql.substring(0, start) + replacement + sql.substring(end);
    }

    /** True for RENAME TABLE, which may name several tables, of any databases. */
    public static boolean isRename(DdlChange ddl) {
        return ddl != null && RENAME.matcher(LEADING_COMMENTS.matcher(ddl.sql()).replaceFirst("")).find();
    }

    /** True when the change concerns a whole database (its table part is empty). */
    public static boolean isDatabaseLevel(DdlChange ddl) {
        return ddl.table().table().isEmpty();
    }

    private static TableId tableOf(String defaultDb, String first, String second) {
        return second == null ? new TableId(defaultDb, unquote(first)) : new TableId(unquote(first), unquote(second));
    }

    static String unquote(String ident) {
        if (ident.length() >= 2 && ident.startsWith("`") && ident.endsWith("`")) {
            return ident.substring(1, ident.length() - 1).replace("``", "`");
        }
        return ident;
    }
}
