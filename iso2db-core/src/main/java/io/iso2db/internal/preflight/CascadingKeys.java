package io.iso2db.internal.preflight;

import io.iso2db.event.TableId;
import io.iso2db.internal.config.ReplicatorConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Foreign keys whose actions change a replicated table by themselves ({@code ON DELETE|UPDATE
 * CASCADE|SET NULL|SET DEFAULT}). The source's storage engine runs those changes and does not log
 * them; a replica stays equal only by running the same actions itself. So the target must hold an
 * equal key (same columns, referenced table and columns, actions; any name), and the referenced
 * table must be replicated: otherwise its changes cascade on the source alone.
 */
final class CascadingKeys {

    private static final Set<String> ACTING = Set.of("CASCADE", "SET NULL", "SET DEFAULT");
    private static final String ACTION = "(RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)";
    /** A line of SHOW CREATE TABLE: {@code CONSTRAINT `n` FOREIGN KEY (...) REFERENCES ... [ON DELETE x] [ON UPDATE y]}. */
    private static final Pattern CONSTRAINT = Pattern.compile("CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY [^\\n]*?"
            + "(?: ON DELETE " + ACTION + ")?(?: ON UPDATE " + ACTION + ")?,?$", Pattern.MULTILINE);

    /** A foreign key of {@code child}, with its {ON UPDATE, ON DELETE} actions; names are the source's own (not routed). */
    private record Key(TableId child, String name, List<String> columns, TableId parent, List<String> parentColumns,
                       String onUpdate, String onDelete) {

        boolean acts() {
            return ACTING.contains(onUpdate) || ACTING.contains(onDelete);
        }

        /** What it does, without its name: equal keys of two servers have equal shapes. */
        String shape() {
            return columns + " -> " + parent + parentColumns + " ON UPDATE " + onUpdate + " ON DELETE " + onDelete;
        }

        String describe() {
            return child + " constraint `" + name + "` FOREIGN KEY (" + String.join(", ", columns) + ") REFERENCES "
                    + parent + " (" + String.join(", ", parentColumns) + ")"
                    + (ACTING.contains(onDelete) ? " ON DELETE " + onDelete : "")
                    + (ACTING.contains(onUpdate) ? " ON UPDATE " + onUpdate : "");
        }
    }

    private CascadingKeys() {
    }

    /** Adds a line for each acting key of a replicated table that the target lacks or whose parent is not replicated. */
    static void check(ReplicatorConfig cfg, Connection source, Connection target, List<String> misfits) throws SQLException {
        List<Key> acting = keys(source, cfg.databases()).stream()
                .filter(k -> k.acts() && cfg.filter().includesTable(k.child())).toList();
        if (acting.isEmpty()) {
            return;
        }
        Set<String> onTarget = new HashSet<>();
        for (Key k : keys(target, cfg.routes().targetDatabases(cfg.databases()))) {
            onTarget.add(k.child() + " " + k.shape());
        }
        for (Key k : acting) {
            if (!cfg.databases().contains(k.parent().database()) || !cfg.filter().includesTable(k.parent())) {
                misfits.add(k.describe() + ": " + k.parent() + " is not replicated, and what its changes cascade into "
                        + k.child() + " on the source is not logged");
                continue;
            }
            Key routed = new Key(cfg.routes().target(k.child()), k.name(), k.columns(), cfg.routes().target(k.parent()),
                    k.parentColumns(), k.onUpdate(), k.onDelete());
            if (!onTarget.contains(routed.child() + " " + routed.shape())) {
                misfits.add(k.describe() + ": missing on the target " + routed.child() + ", and the changes it"
                        + " cascades on the source are not logged");
            }
        }
    }

    /**
     * The foreign keys of the tables in {@code databases}: their columns from {@code KEY_COLUMN_USAGE},
     * their actions from {@code SHOW CREATE TABLE} (a user with SELECT does not see
     * {@code REFERENTIAL_CONSTRAINTS} rows on MariaDB).
     */
    private static List<Key> keys(Connection c, Collection<String> databases) throws SQLException {
        Map<String, Key> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = InDatabases.prepare(c, "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
                + " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
                + " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA IN ({in}) AND REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION", databases);
             ResultSet rs = ps.executeQuery()) {
            Map<TableId, Map<String, String[]>> actions = new LinkedHashMap<>();
            while (rs.next()) {
                TableId child = new TableId(rs.getString(1), rs.getString(2));
                String id = child + "." + rs.getString(3);
                Key k = keys.get(id);
                if (k == null) {
                    Map<String, String[]> ofTable = actions.get(child);
                    if (ofTable == null) {
                        ofTable = actions(c, child);
                        actions.put(child, ofTable);
                    }
                    String[] rules = ofTable.getOrDefault(rs.getString(3), new String[] {"RESTRICT", "RESTRICT"});
                    k = new Key(child, rs.getString(3), new ArrayList<>(), new TableId(rs.getString(5), rs.getString(6)),
                            new ArrayList<>(), rules[0], rules[1]);
                    keys.put(id, k);
                }
                k.columns().add(rs.getString(4).toLowerCase(Locale.ROOT));   // column names ignore case
                k.parentColumns().add(rs.getString(7).toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(keys.values());
    }

    /** Each foreign key's {ON UPDATE, ON DELETE} action by constraint name, as the server writes the table's definition. */
    private static Map<String, String[]> actions(Connection c, TableId table) throws SQLException {
        Map<String, String[]> out = new LinkedHashMap<>();
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table.quoted())) {
            if (rs.next()) {
                Matcher m = CONSTRAINT.matcher(rs.getString(2));
                while (m.find()) {
                    out.put(m.group(1).replace("``", "`"), new String[] {action(m.group(3)), action(m.group(2))});
                }
            }
        }
        return out;
    }

    /** InnoDB checks NO ACTION as RESTRICT, the default the server does not write. */
    private static String action(String written) {
        return written == null || written.equals("NO ACTION") ? "RESTRICT" : written;
    }
}
