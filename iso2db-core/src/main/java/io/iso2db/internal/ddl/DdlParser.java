package io.iso2db.internal.ddl;

import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the DDL statements iso2db replays (table DDL, CREATE/DROP DATABASE, views,
 * triggers, stored routines, events) and finds the object they change. Everything else a QUERY
 * event may hold (grants, users, FLUSH, ...) is not replicated.
 */
public final class DdlParser {

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern LEADING_SPACE = Pattern.compile("^\\s+");
    private static final Pattern DATABASE = Pattern.compile(
            "^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?|DROP\\s+|ALTER\\s+)(?:DATABASE|SCHEMA)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"
                    + IDENT,
            Pattern.CASE_INSENSITIVE);
    /** An ALTER DATABASE that names no database (it changes the default one): its first word is an option. */
    private static final Pattern NAMELESS_ALTER = Pattern.compile("^ALTER\\s+(?:DATABASE|SCHEMA)\\s+(?:(?:DEFAULT|CHARACTER"
            + "|COLLATE)\\b|(?:CHARSET|COMMENT)\\b(?!\\s+(?:DEFAULT|CHARACTER|CHARSET|COLLATE|COMMENT|UPGRADE)\\b))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE = Pattern.compile(
            "^(?:ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE|CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE|DROP\\s+TABLES?"
                    + "|TRUNCATE(?:\\s+TABLE)?|RENAME\\s+TABLE)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INDEX = Pattern.compile(
            "^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX|DROP\\s+INDEX)"
                    + "\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + IDENT + "\\s+(?:USING\\s+\\w+\\s+)?ON\\s+" + NAME,
            Pattern.CASE_INSENSITIVE);

    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_DATABASE = Pattern.compile("^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:DATABASE|SCHEMA)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAME = Pattern.compile("^RENAME\\s+TABLE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMPTYING = Pattern.compile("^(?:TRUNCATE\\b|ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+"
            + "(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+TRUNCATE\\s+PARTITION\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEQUENCE = Pattern.compile(
            "^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?|ALTER\\s+|DROP\\s+)SEQUENCE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SYSTEM_VERSIONING = Pattern.compile("\\bSYSTEM\\s+VERSIONING\\b|\\bWITH\\s+SYSTEM\\b",
            Pattern.CASE_INSENSITIVE);

    private DdlParser() {
    }

    /**
     * The statement from its first word as the server reads it: comments blanked, so a comment between
     * two words does not hide the statement; the text of executable comments kept; a leading
     * {@code SET STATEMENT ... FOR} cut off. Positions in it are those of {@code sql} shifted by the
     * length cut off.
     */
    static String body(String sql) {
        String masked = SqlLexer.maskComments(sql);
        return LEADING_SPACE.matcher(masked.substring(SqlLexer.afterSetStatement(masked))).replaceFirst("");
    }

    /** The DDL change, or empty when the statement is not one iso2db replicates. */
    public static Optional<DdlChange> parse(String defaultDatabase, String sql) {
        String db = defaultDatabase == null ? "" : defaultDatabase;
        String body = body(sql);
        Matcher m = DATABASE.matcher(body);
        if (m.find()) {
            String database = NAMELESS_ALTER.matcher(body).find() ? db : unquote(m.group(1));
            return Optional.of(new DdlChange(db, sql, new TableId(database, "")));
        }
        m = TABLE.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, tableOf(db, m.group(1), m.group(2))));
        }
        m = INDEX.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, tableOf(db, m.group(2), m.group(3))));
        }
        m = SEQUENCE.matcher(body);
        if (m.find()) {
            return Optional.of(new DdlChange(db, sql, tableOf(db, m.group(1), m.group(2))));
        }
        SchemaObjectDdl.Parsed o = SchemaObjectDdl.parse(body);
        if (o == null) {
            return Optional.empty();
        }
        String objectDb = o.db() != null ? o.db() : db;
        return Optional.of(switch (o.kind()) {
            // a view lives among the tables; a trigger belongs to its table's task
            case VIEW -> new DdlChange(db, sql, new TableId(objectDb, o.name()));
            case TRIGGER -> o.creates()
                    ? new DdlChange(db, sql, tableOf(db, o.onTable().contains(".") ? splitDb(o.onTable()) : o.onTable(),
                            o.onTable().contains(".") ? splitName(o.onTable()) : null))
                    : new DdlChange(db, sql, new TableId(objectDb, ""));   // DROP TRIGGER names no table
            case ROUTINE, EVENT -> new DdlChange(db, sql, new TableId(objectDb, ""));
        });
    }

    /** Every table a RENAME TABLE or ALTER TABLE ... RENAME moves, as {from, to} pairs (default database applied). */
    public static java.util.List<TableId[]> renames(String defaultDatabase, String sql) {
        return ListedTables.of(defaultDatabase, sql).map(ListedTables::moves).orElse(java.util.List.of());
    }

    /** What kind of table a statement makes that iso2db cannot replicate yet (a system-versioned table), or null. */
    public static String unsupportedTable(String sql) {
        String body = body(sql);
        if ((TABLE.matcher(body).find()) && !body.regionMatches(true, 0, "DROP", 0, 4)
                && SYSTEM_VERSIONING.matcher(body).find()) {
            return "a system-versioned table (WITH SYSTEM VERSIONING)";
        }
        return null;
    }

    /** True for {@code CREATE [OR REPLACE] TABLE} (not a temporary table, not LIKE another one). */
    public static boolean isCreateTable(DdlChange ddl) {
        String body = body(ddl.sql());
        return CREATE_TABLE.matcher(body).find() && !ddl.table().table().isEmpty();
    }

    /** True for {@code CREATE [OR REPLACE] DATABASE|SCHEMA}. */
    static boolean isCreateDatabase(String sql) {
        return CREATE_DATABASE.matcher(body(sql)).find();
    }

    /** True for DDL of a view, trigger, stored routine or event. */
    public static boolean isSchemaObject(DdlChange ddl) {
        return isSchemaObject(ddl.sql());
    }

    /** True for DDL of a view, trigger, stored routine or event. */
    public static boolean isSchemaObject(String sql) {
        return SchemaObjectDdl.parse(body(sql)) != null;
    }

    /** True for a DROP of a view, trigger, routine or event (an object a filter may have kept off the target). */
    public static boolean isSchemaObjectDrop(String sql) {
        SchemaObjectDdl.Parsed o = SchemaObjectDdl.parse(body(sql));
        return o != null && !o.creates();
    }

    /** The qualified name of the event a CREATE EVENT statement makes, or null for any other statement. */
    public static String createdEvent(DdlChange ddl) {
        String body = body(ddl.sql());
        SchemaObjectDdl.Parsed o = SchemaObjectDdl.parse(body);
        if (o == null || o.kind() != SchemaObjectDdl.Kind.EVENT || !o.creates()
                || !body.regionMatches(true, 0, "CREATE", 0, 6)) {
            return null;
        }
        String eventDb = o.db() != null ? o.db() : ddl.database();
        return TableId.quote(eventDb) + "." + TableId.quote(o.name());
    }

    /**
     * A CREATE TRIGGER whose body does nothing in a session that sets {@code guardVariable}
     * (the applier's): rows the source's own trigger already wrote arrive as rows, so the target's
     * copy must not write them again; every other session (the application after a switch-over)
     * sees the trigger act. Unchanged when not a CREATE TRIGGER or already guarded.
     */
    public static String guardTrigger(String sql, String guardVariable) {
        String body = body(sql);
        SchemaObjectDdl.Parsed o = SchemaObjectDdl.parse(body);
        if (o == null || o.kind() != SchemaObjectDdl.Kind.TRIGGER || !o.creates() || sql.contains(guardVariable)) {
            return sql;
        }
        int offset = sql.length() - body.length();
        int start = SchemaObjectDdl.triggerBodyStart(body);
        if (start < 0) {
            return sql;
        }
        String action = sql.substring(offset + start).trim();
        if (action.endsWith(";")) {
            action = action.substring(0, action.length() - 1);
        }
        return sql.substring(0, offset + start) + "IF " + guardVariable + " IS NULL THEN " + action + "; END IF";
    }

    private static String splitDb(String qualified) {
        return qualified.substring(0, qualifierDot(qualified)).trim();
    }

    private static String splitName(String qualified) {
        return qualified.substring(qualifierDot(qualified) + 1).trim();
    }

    /** The dot between database and name, outside backticks. */
    private static int qualifierDot(String qualified) {
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The statement with the name of the object it changes (the database, or the table as
     * {@code db.t} or {@code t}) replaced by {@code replacement}; unchanged when not recognised.
     */
    public static String renameObject(String sql, String replacement) {
        String body = body(sql);
        int offset = sql.length() - body.length();
        Matcher m = DATABASE.matcher(body);
        if (m.find()) {   // a nameless ALTER runs in the routed default database
            return NAMELESS_ALTER.matcher(body).find() ? sql : splice(sql, offset + m.start(1), offset + m.end(1), replacement);
        }
        m = TABLE.matcher(body);
        if (m.find()) {
            return splice(sql, offset + m.start(1), offset + (m.group(2) != null ? m.end(2) : m.end(1)), replacement);
        }
        m = INDEX.matcher(body);
        if (m.find()) {
            return splice(sql, offset + m.start(2), offset + (m.group(3) != null ? m.end(3) : m.end(2)), replacement);
        }
        SchemaObjectDdl.Parsed o = SchemaObjectDdl.parse(body);
        if (o != null && o.kind() == SchemaObjectDdl.Kind.VIEW) {
            return splice(sql, offset + o.nameStart(), offset + o.nameEnd(), replacement);
        }
        if (o != null && o.kind() == SchemaObjectDdl.Kind.TRIGGER && o.creates()) {
            return splice(sql, offset + o.onStart(), offset + o.onEnd(), replacement);
        }
        return sql;   // routines and events run in the routed database; a qualified name is not rewritten
    }

    private static String splice(String sql, int start, int end, String replacement) {
        return sql.substring(0, start) + replacement + sql.substring(end);
    }

    /**
     * True for a statement that deletes a table's rows without changing its definition: TRUNCATE
     * TABLE and ALTER TABLE ... TRUNCATE PARTITION (logged as DDL, yet a delete of every row in it).
     */
    public static boolean isTruncate(DdlChange ddl) {
        return ddl != null && EMPTYING.matcher(body(ddl.sql())).find();
    }

    /** True for RENAME TABLE, which may name several tables, of any databases. */
    public static boolean isRename(DdlChange ddl) {
        return ddl != null && RENAME.matcher(body(ddl.sql())).find();
    }

    /** True when the change concerns a whole database (its table part is empty). */
    public static boolean isDatabaseLevel(DdlChange ddl) {
        return ddl.table().table().isEmpty();
    }

    private static TableId tableOf(String defaultDb, String first, String second) {
        return second == null ? new TableId(defaultDb, unquote(first)) : new TableId(unquote(first), unquote(second));
    }

    public static String unquote(String ident) {
        if (ident.length() >= 2 && ident.startsWith("`") && ident.endsWith("`")) {
            return ident.substring(1, ident.length() - 1).replace("``", "`");
        }
        return ident;
    }
}
