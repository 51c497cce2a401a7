package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the tables to copy and, for each, the chunk key: an AUTO_INCREMENT column that leads an
 * index, else the primary key, else a unique key on NOT NULL columns, else another index on NOT
 * NULL columns (the most selective first); none means one chunk.
 */
final class TableCatalog {

    private TableCatalog() {
    }

    static List<ExportTable> tables(Connection c, Set<String> databases, Filter filter) throws SQLException {
        List<ExportTable> out = new ArrayList<>();
        String in = String.join(",", databases.stream().map(d -> "?").toList());
        List<TableId> ids = new ArrayList<>();
        Map<TableId, Long> estimates = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0)"
                + " FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (" + in + ")"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            bind(ps, databases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (filter.includesTable(id)) {
                        ids.add(id);
                        estimates.put(id, rs.getLong(3));
                    }
                }
            }
        }
        for (TableId id : ids) {
            out.add(describe(c, id, estimates.get(id)));
        }
        return out;
    }

    private static ExportTable describe(Connection c, TableId id, long estimate) throws SQLException {
        List<ExportColumn> columns = new ArrayList<>();
        Map<String, Boolean> notNull = new LinkedHashMap<>();
        String autoIncrement = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, EXTRA, CHARACTER_SET_NAME"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, id.database());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(4).toLowerCase(Locale.ROOT);
                    notNull.put(rs.getString(1), "NO".equals(rs.getString(3)));
                    if (extra.contains("auto_increment")) {
                        autoIncrement = rs.getString(1);
                    }
                    if (!extra.contains("generated") && !extra.contains("virtual") && !extra.contains("persistent")
                            && !extra.contains("stored")) {
                        columns.add(new ExportColumn(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT),
                                rs.getString(5)));
                    }
                }
            }
        }
        Map<String, Boolean> rangeable = new LinkedHashMap<>();
        columns.forEach(col -> rangeable.put(col.name(), col.rangeable()));
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        Map<String, Long> cardinality = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE, COALESCE(CARDINALITY, 0),"
                + " SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, id.database());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    boolean usable = rs.getString(2) != null && rs.getObject(5) == null
                            && Boolean.TRUE.equals(notNull.get(rs.getString(2)))
                            && Boolean.TRUE.equals(rangeable.get(rs.getString(2)));
                    indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(usable ? rs.getString(2) : null);
                    unique.put(index, rs.getInt(3) == 0);
                    cardinality.merge(index, rs.getLong(4), Math::max);
                }
            }
        }
        // prefix, functional, nullable, generated or ENUM/SET parts cannot range
        indexes.values().removeIf(cols -> cols.contains(null));
        String index = null;
        String kind = "none";
        if (autoIncrement != null) {
            for (Map.Entry<String, List<String>> e : indexes.entrySet()) {
                if (e.getValue().get(0).equals(autoIncrement) && (index == null || e.getValue().size() == 1)) {
                    index = e.getKey();
                    kind = "auto-increment";
                }
            }
        }
        if (index == null && indexes.containsKey("PRIMARY")) {
            index = "PRIMARY";
            kind = "primary key";
        }
        if (index == null) {
            index = best(indexes, unique, cardinality, true);
            kind = index == null ? kind : "unique key";
        }
        if (index == null) {
            index = best(indexes, unique, cardinality, false);
            kind = index == null ? "none" : "index";
        }
        // an auto-increment leading a composite index ranges on the whole index (ties need the rest)
        List<String> key = index == null ? null : indexes.get(index);
        List<Integer> positions = new ArrayList<>();
        if (key != null) {
            for (String k : key) {
                int p = indexOf(columns, k);
                if (p < 0) {   // a generated column in the key: not selectable as written; copy in one chunk
                    positions.clear();
                    kind = "none";
                    break;
                }
                positions.add(p);
            }
        }
        return new ExportTable(id, columns, positions, positions.isEmpty() ? null : index, kind, estimate);
    }

    private static String best(Map<String, List<String>> indexes, Map<String, Boolean> unique,
                                     Map<String, Long> cardinality, boolean wantUnique) {
        String best = null;
        for (String name : indexes.keySet()) {
            if (unique.get(name) == wantUnique && (best == null || cardinality.get(name) > cardinality.get(best))) {
                best = name;
            }
        }
        return best;
    }

    private static int indexOf(List<ExportColumn> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void bind(PreparedStatement ps, Set<String> values) throws SQLException {
        int i = 1;
        for (String v : values) {
            ps.setString(i++, v);
        }
    }
}
