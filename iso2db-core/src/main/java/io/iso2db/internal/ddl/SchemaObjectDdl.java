package io.iso2db.internal.ddl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DDL of the schema objects beside tables: views, triggers, stored procedures and functions,
 * packages (MariaDB's {@code sql_mode=ORACLE}), events. As the server logs them (with {@code DEFINER=...}, {@code ALGORITHM=...} clauses).
 */
final class SchemaObjectDdl {

    /** What a statement creates, changes or drops. */
    enum Kind { VIEW, TRIGGER, ROUTINE, EVENT }

    /**
     * A recognised statement.
     *
     * @param kind       the object kind
     * @param creates    CREATE or ALTER (false: DROP)
     * @param nameStart  where the object's (possibly qualified) name starts in the statement body
     * @param nameEnd    where it ends
     * @param db         the name's database part, or null
     * @param name       the object's name
     * @param onTable    a trigger's table as written (possibly qualified), else null
     * @param onStart    where a trigger's table name starts, else -1
     * @param onEnd      where it ends
     */
    record Parsed(Kind kind, boolean creates, int nameStart, int nameEnd, String db, String name, String onTable,
                  int onStart, int onEnd) {
    }

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final String DEFINER = "(?:DEFINER\\s*=\\s*(?:`[^`]*`|'[^']*'|[^\\s@]+)(?:@(?:`[^`]*`|'[^']*'|\\S+))?\\s+)?";
    private static final String VIEW_OPTIONS = "(?:ALGORITHM\\s*=\\s*\\w+\\s+)?" + DEFINER + "(?:SQL\\s+SECURITY\\s+\\w+\\s+)?";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

    private static final Pattern CREATE_VIEW = Pattern.compile("^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?|ALTER\\s+)"
            + VIEW_OPTIONS + "VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME, FLAGS);
    private static final Pattern CREATE_TRIGGER = Pattern.compile("^CREATE\\s+(?:OR\\s+REPLACE\\s+)?" + DEFINER
            + "TRIGGER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+(?:BEFORE|AFTER)\\s+(?:INSERT|UPDATE|DELETE)"
            + "\\s+ON\\s+" + NAME, FLAGS);
    private static final Pattern CREATE_ROUTINE = Pattern.compile("^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?" + DEFINER
            + "(?:AGGREGATE\\s+)?|ALTER\\s+)(?:PROCEDURE|FUNCTION|PACKAGE(?:\\s+BODY)?)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME, FLAGS);
    private static final Pattern CREATE_EVENT = Pattern.compile("^(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?|ALTER\\s+)"
            + DEFINER + "EVENT\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME, FLAGS);
    private static final Pattern DROP = Pattern.compile("^DROP\\s+(VIEW|TRIGGER|PROCEDURE|FUNCTION|EVENT|PACKAGE(?:\\s+BODY)?)"
            + "\\s+(?:IF\\s+EXISTS\\s+)?" + NAME, FLAGS);
    /** Where a trigger's body starts: after FOR EACH ROW and an optional FOLLOWS/PRECEDES. */
    private static final Pattern TRIGGER_BODY = Pattern.compile("\\bFOR\\s+EACH\\s+ROW\\s+(?:(?:FOLLOWS|PRECEDES)\\s+"
            + IDENT + "\\s+)?", FLAGS);

    private SchemaObjectDdl() {
    }

    /** The statement (leading comments removed) as a schema-object DDL, or null. */
    static Parsed parse(String body) {
        Matcher m = CREATE_TRIGGER.matcher(body);
        if (m.find()) {
            return new Parsed(Kind.TRIGGER, true, m.start(1), end(m, 1), db(m, 1), name(m, 1),
                    body.substring(m.start(3), end(m, 3)), m.start(3), end(m, 3));
        }
        for (var e : new Object[][] {{CREATE_VIEW, Kind.VIEW}, {CREATE_ROUTINE, Kind.ROUTINE}, {CREATE_EVENT, Kind.EVENT}}) {
            m = ((Pattern) e[0]).matcher(body);
            if (m.find()) {
                return new Parsed((Kind) e[1], true, m.start(1), end(m, 1), db(m, 1), name(m, 1), null, -1, -1);
            }
        }
        m = DROP.matcher(body);
        if (m.find()) {
            Kind kind = switch (m.group(1).toUpperCase(java.util.Locale.ROOT)) {
                case "VIEW" -> Kind.VIEW;
                case "TRIGGER" -> Kind.TRIGGER;
                case "EVENT" -> Kind.EVENT;
                default -> Kind.ROUTINE;
            };
            return new Parsed(kind, false, m.start(2), end(m, 2), db(m, 2), name(m, 2), null, -1, -1);
        }
        return null;
    }

    /** Where a CREATE TRIGGER's body starts in {@code body}, or -1. */
    static int triggerBodyStart(String body) {
        Matcher m = TRIGGER_BODY.matcher(body);
        return m.find() ? m.end() : -1;
    }

    private static int end(Matcher m, int group) {
        return m.group(group + 1) != null ? m.end(group + 1) : m.end(group);
    }

    private static String db(Matcher m, int group) {
        return m.group(group + 1) != null ? DdlParser.unquote(m.group(group)) : null;
    }

    private static String name(Matcher m, int group) {
        return DdlParser.unquote(m.group(group + 1) != null ? m.group(group + 1) : m.group(group));
    }
}
