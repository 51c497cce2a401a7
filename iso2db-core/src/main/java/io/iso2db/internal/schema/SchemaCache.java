package io.iso2db.internal.schema;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Target table definitions read from {@code information_schema}, cached until a DDL statement
 * invalidates them. Used from the apply thread only.
 */
public final class SchemaCache {

    private final Map<TableId, TableSchema> cache = new HashMap<>();
    /** Lower-case "db.table" of every table with a trigger or a foreign key (either end); loaded once per generation. */
    private Set<String> tied;

    /**
     * The table's schema, loaded on first use with the connection {@code connection} gives; a
     * cached schema asks for none (the apply session's may be busy with a round trip on its way).
     */
    public TableSchema get(TableId id, Supplier<Connection> connection) throws SQLException {
        TableSchema s = cache.get(id);
        if (s == null) {
            Connection c = connection.get();
            if (tied == null) {
                tied = tiedTables(c);
            }
            s = load(id, c, tied);
            cache.put(id, s);
        }
        return s;
    }

    public void invalidate(TableId id) {
        cache.remove(id);
    }

    public void invalidateAll() {
        cache.clear();
        tied = null;
    }

    static TableSchema load(TableId id, Connection c, Set<String> tied) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, EXTRA"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, id.database());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String columnType = rs.getString(3).toLowerCase(Locale.ROOT);
                    String extra = rs.getString(4) == null ? "" : rs.getString(4).toUpperCase(Locale.ROOT);
                    boolean generated = extra.contains("GENERATED") || extra.contains("VIRTUAL")
                            || extra.contains("PERSISTENT") || extra.contains("STORED");
                    columns.add(new ColumnInfo(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), columnType,
                            columnType.contains("unsigned"), generated));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new Iso2dbException(ErrorCode.TARGET_TABLE_MISSING, "Table " + id + " does not exist on the target."
                    + " Create it there (or run an export first), or exclude it with the tables filter.");
        }
        Map<String, List<String>> uniqueKeys = uniqueKeys(id, c);
        List<Integer> key = keyOf(uniqueKeys, columns);
        boolean independent = uniqueKeys.size() == 1 && !tied.contains(name(id.database(), id.table()));
        Kind kind = kind(id, c);
        return new TableSchema(id, columns, key, independent, kind.sequence(), kind.transactional(), false);
    }

    /** Whether a table is a sequence, and whether its engine is transactional (an unknown engine counts as one). */
    private record Kind(boolean sequence, boolean transactional) {
    }

    private static Kind kind(TableId id, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.TABLE_TYPE, e.TRANSACTIONS FROM information_schema.TABLES t"
                + " LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?")) {
            ps.setString(1, id.database());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Kind(false, true);
                }
                return new Kind("SEQUENCE".equalsIgnoreCase(rs.getString(1)), !"NO".equalsIgnoreCase(rs.getString(2)));
            }
        }
    }

    private static String name(String database, String table) {
        return (database + "." + table).toLowerCase(Locale.ROOT);
    }

    /** Tables whose row changes may fire other changes or depend on other tables: triggers and foreign keys. */
    private static Set<String> tiedTables(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS")) {
                while (rs.next()) {
                    out.add(name(rs.getString(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, UNIQUE_CONSTRAINT_SCHEMA,"
                    + " REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS")) {
                while (rs.next()) {
                    out.add(name(rs.getString(1), rs.getString(2)));
                    out.add(name(rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** Primary key, else the first unique key whose columns are all NOT NULL (and not generated). */
    private static List<Integer> keyOf(Map<String, List<String>> keys, List<ColumnInfo> columns) {
        for (Map.Entry<String, List<String>> key : keys.entrySet()) {
            if (key.getValue().contains(null)) {
                continue;
            }
            List<Integer> idx = new ArrayList<>();
            for (String name : key.getValue()) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).name().equalsIgnoreCase(name) && !columns.get(i).generated()) {
                        idx.add(i);
                    }
                }
            }
            if (idx.size() == key.getValue().size()) {
                return idx;
            }
        }
        return List.of();
    }

    /** Unique keys in preference order (primary first), each with its column names; null marks a nullable or prefix column. */
    private static Map<String, List<String>> uniqueKeys(TableId id, Connection c) throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.INDEX_NAME, s.COLUMN_NAME, c.IS_NULLABLE, s.SUB_PART"
                + " FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0"
                + " ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX")) {
            ps.setString(1, id.database());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    boolean ok = "NO".equals(rs.getString(3)) && rs.getObject(4) == null;
                    keys.computeIfAbsent(index, k -> new ArrayList<>()).add(ok ? rs.getString(2) : null);
                }
            }
        }
        return keys;
    }
}
