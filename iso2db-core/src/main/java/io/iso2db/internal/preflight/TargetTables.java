package io.iso2db.internal.preflight;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.internal.pipeline.ReplicatorConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the replicated tables of the source with the target's: present, same column names in order. */
final class TargetTables {

    private TargetTables() {
    }

    static void check(ReplicatorConfig cfg, Connection source, Connection target) throws SQLException {
        Map<TableId, List<String>> src = columns(source, cfg.databases(), cfg);
        Map<TableId, List<String>> dst = columns(target, cfg.routes().targetDatabases(cfg.databases()), null);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<TableId, List<String>> e : src.entrySet()) {
            TableId routed = cfg.routes().target(e.getKey());
            List<String> other = dst.get(routed);
            if (other == null) {
                missing.add(routed.equals(e.getKey()) ? routed.toString() : routed + " (routed from " + e.getKey() + ")");
                continue;
            }
            for (int i = 0; i < Math.max(e.getValue().size(), other.size()); i++) {
                String a = i < e.getValue().size() ? e.getValue().get(i) : "(none)";
                String b = i < other.size() ? other.get(i) : "(none)";
                if (!a.equalsIgnoreCase(b)) {
                    throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "Table " + e.getKey() + " differs between"
                            + " source and target at column " + (i + 1) + ": `" + a + "` on the source, `" + b
                            + "` on the target. Make the target's columns match (same names, same order).");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new Iso2dbException(ErrorCode.TARGET_TABLE_MISSING, "The target " + cfg.target().describe()
                    + " lacks replicated table(s) " + String.join(", ", missing)
                    + ". Create them there (or run an export first), or exclude them with the tables filter.");
        }
    }

    /** Columns of the tables in {@code databases} ({@code cfg}'s filter applied unless null). */
    private static Map<TableId, List<String>> columns(Connection c, java.util.Set<String> databases, ReplicatorConfig cfg)
            throws SQLException {
        Map<TableId, List<String>> out = new LinkedHashMap<>();
        String in = String.join(",", databases.stream().map(d -> "?").toList());
        try (PreparedStatement ps = c.prepareStatement("SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME"
                + " FROM information_schema.COLUMNS c JOIN information_schema.TABLES t"
                + " ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE'"
                + " WHERE c.TABLE_SCHEMA IN (" + in + ") ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION")) {
            int i = 1;
            for (String db : databases) {
                ps.setString(i++, db);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (cfg == null || cfg.filter().includesTable(id)) {
                        out.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(3));
                    }
                }
            }
        }
        return out;
    }
}
