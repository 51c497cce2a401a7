package io.iso2db.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares what a database <em>is</em> on two servers, beside its rows: the database's default
 * character set and collation, every table's full definition ({@code SHOW CREATE TABLE}: columns,
 * defaults, keys, generated expressions, comments, options), views, triggers, stored routines and
 * events. Differences by design are normalised away, and named here: the AUTO_INCREMENT counter
 * (a replica's follows the rows it received), the guard iso2db wraps replicated trigger bodies in,
 * and the status of events (disabled on a replica, as MariaDB's own replication does).
 */
public final class DefinitionComparator {

    private static final Pattern AUTO_INCREMENT_COUNTER = Pattern.compile(" AUTO_INCREMENT=\\d+");
    private static final Pattern TRIGGER_GUARD = Pattern.compile(
            "^IF @iso2db_applying IS NULL THEN (.*); END IF$", Pattern.DOTALL);

    private DefinitionComparator() {
    }

    /** Every difference between the definitions of {@code database} on both servers, one line each; empty when equal. */
    public static List<String> differences(DbServer source, DbServer target, String database) {
        List<String> out = new ArrayList<>();
        compare(out, "database defaults", defaults(source, database), defaults(target, database));
        compare(out, "tables", tables(source, database), tables(target, database));
        compare(out, "views", rows(source, "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE"
                + " FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + database + "'"), rows(target,
                "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS"
                        + " WHERE TABLE_SCHEMA = '" + database + "'"));
        compare(out, "triggers", triggers(source, database), triggers(target, database));
        String routines = "SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC,"
                + " SQL_DATA_ACCESS, SECURITY_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + database + "'";
        compare(out, "routines", rows(source, routines), rows(target, routines));
        String events = "SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD"
                + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + database + "'";
        compare(out, "events", rows(source, events), rows(target, events));
        return out;
    }

    private static Map<String, String> defaults(DbServer s, String database) {
        return rows(s, "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM"
                + " information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + database + "'");
    }

    private static Map<String, String> tables(DbServer s, String database) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : new TreeSet<>(TableComparator.tablesOf(s, database))) {
            String ddl = s.query("SHOW CREATE TABLE `" + database + "`.`" + t.replace("`", "``") + "`").get(0).get(1);
            out.put(t, AUTO_INCREMENT_COUNTER.matcher(ddl).replaceAll(""));
        }
        return out;
    }

    private static Map<String, String> triggers(DbServer s, String database) {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> r : s.query("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,"
                + " ACTION_ORDER, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + database
                + "' ORDER BY TRIGGER_NAME")) {
            var m = TRIGGER_GUARD.matcher(r.get(5));
            String body = m.matches() ? m.group(1) : r.get(5);
            out.put(r.get(0), String.join(" | ", r.subList(1, 5)) + " | " + body);
        }
        return out;
    }

    /** First column as the key, the rest joined. */
    private static Map<String, String> rows(DbServer s, String sql) {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> r : s.query(sql + " ORDER BY 1")) {
            out.put(r.get(0), String.join(" | ", r.subList(1, r.size()).stream().map(String::valueOf).toList()));
        }
        return out;
    }

    private static void compare(List<String> out, String what, Map<String, String> source, Map<String, String> target) {
        TreeSet<String> names = new TreeSet<>(source.keySet());
        names.addAll(target.keySet());
        for (String name : names) {
            String a = source.get(name);
            String b = target.get(name);
            if (!Objects.equals(a, b)) {
                out.add(what + " `" + name + "`: source " + (a == null ? "(missing)" : a) + "\n    target "
                        + (b == null ? "(missing)" : b));
            }
        }
    }
}
