package io.iso2db.internal.preflight;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.internal.config.ReplicatorConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the replicated tables of the source with the target's: present, the same column names
 * in order, each target column taking the source's values exactly ({@link ColumnDef#misfit}), and
 * the foreign keys that act by themselves present on the target ({@link CascadingKeys}).
 */
final class TargetTables {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetTables.class);

    private TargetTables() {
    }

    static void check(ReplicatorConfig cfg, Connection source, Connection target) throws SQLException {
        refuseUnreplicableTables(cfg, source);
        Map<TableId, List<ColumnDef>> src = columns(source, cfg.databases(), cfg);
        Map<TableId, List<ColumnDef>> dst = columns(target, cfg.routes().targetDatabases(cfg.databases()), null);
        List<String> missing = new ArrayList<>();
        List<String> misfits = new ArrayList<>();
        for (Map.Entry<TableId, List<ColumnDef>> e : src.entrySet()) {
            TableId routed = cfg.routes().target(e.getKey());
            List<ColumnDef> other = dst.get(routed);
            if (other == null) {
                missing.add(routed.equals(e.getKey()) ? routed.toString() : routed + " (routed from " + e.getKey() + ")");
            } else {
                compare(e.getKey(), e.getValue(), other, misfits);
            }
        }
        if (!misfits.isEmpty()) {
            throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "The target's columns do not take the source's values"
                    + " exactly:\n  " + String.join("\n  ", misfits.subList(0, Math.min(50, misfits.size())))
                    + (misfits.size() > 50 ? "\n  ... and " + (misfits.size() - 50) + " more" : "")
                    + "\nMake each target column the same as the source's or wider (INT to BIGINT, VARCHAR(10) to"
                    + " VARCHAR(20) are fine), in the same order; extra target columns may follow the source's if"
                    + " they are nullable or have a default.");
        }
        if (!missing.isEmpty()) {
            throw new Iso2dbException(ErrorCode.TARGET_TABLE_MISSING, "The target " + cfg.target().describe()
                    + " lacks replicated table(s) " + String.join(", ", missing)
                    + ". Create them there (or run an export first), or exclude them with the tables filter.");
        }
        java.util.Set<TableId> routed = new java.util.HashSet<>();
        src.keySet().forEach(id -> routed.add(cfg.routes().target(id)));
        List<String> kept = NonTransactionalTables.of(target, cfg.routes().targetDatabases(cfg.databases()),
                routed::contains, "target");
        if (!kept.isEmpty()) {
            LOG.warn("Replicated tables are not transactional on the target: {}. From its first row in one, a"
                    + " transaction is applied statement by statement and ends its group; still, if the task stops or"
                    + " the link fails in the middle"
                    + " of such a transaction, the rows it wrote there stay and are written again when it resumes (as on"
                    + " a native replica). Convert them (ALTER TABLE ... ENGINE=InnoDB) for exactly-once.",
                    String.join(", ", kept));
        }
                List<String> cascades = new ArrayList<>();
        CascadingKeys.check(cfg, source, target, cascades);
        if (!cascades.isEmpty()) {
            throw new Iso2dbException(ErrorCode.SCHEMA_MISMATCH, "Foreign keys of replicated tables change rows by"
                    + " themselves on the source, and those changes are not logged, so the target must make them"
                    + " itself:\n  " + String.join("\n  ", cascades) + "\nCreate the same foreign key on the target"
                    + " (any name), replicate the table it references, or drop its action on the source.");
        }
    }

    /** System-versioned tables are not replicated yet: named before anything runs, not at their first row. */
    private static void refuseUnreplicableTables(ReplicatorConfig cfg, Connection source) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = InDatabases.prepare(source, "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA IN ({in})"
                + " AND TABLE_TYPE = 'SYSTEM VERSIONED' ORDER BY 1, 2", cfg.databases())) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (cfg.filter().includesTable(id)) {
                        found.add(id + " (" + rs.getString(3).toLowerCase(Locale.ROOT) + ")");
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            throw new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "Replicated table(s) " + found + " on the source "
                    + cfg.source().describe() + " are system-versioned, which iso2db does not replicate yet."
                    + " Exclude them with excludeTables(...).");
        }
    }

    /** Adds a line for each column of {@code table} whose target column does not take its values exactly. */
    static void compare(TableId table, List<ColumnDef> source, List<ColumnDef> target, List<String> misfits) {
        for (int i = 0; i < Math.max(source.size(), target.size()); i++) {
            ColumnDef s = i < source.size() ? source.get(i) : null;
            ColumnDef t = i < target.size() ? target.get(i) : null;
            String where = table + " column " + (i + 1) + " ";
            if (t == null) {
                misfits.add(where + "`" + s.name() + "` " + s.columnType() + ": missing on the target");
            } else if (s == null) {
                if (!t.fillsItself()) {
                    misfits.add(where + "`" + t.name() + "` exists only on the target and is NOT NULL without a"
                            + " default: rows from the source cannot fill it");
                }
            } else if (!s.name().equalsIgnoreCase(t.name())) {
                misfits.add(where + "is `" + s.name() + "` on the source but `" + t.name() + "` on the target");
            } else {
                String why = t.misfit(s);
                if (why != null) {
                    misfits.add(where + "`" + s.name() + "` is " + s.columnType() + describeCharset(s) + " on the source"
                            + " but " + t.columnType() + describeCharset(t) + " on the target: " + why);
                }
            }
        }
    }

    private static String describeCharset(ColumnDef c) {
        return c.charset() == null ? "" : " " + c.charset();
    }

    /** Columns of the tables in {@code databases} ({@code cfg}'s filter applied unless null). */
    private static Map<TableId, List<ColumnDef>> columns(Connection c, java.util.Set<String> databases,
                                                         ReplicatorConfig cfg) throws SQLException {
        Map<TableId, List<ColumnDef>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = InDatabases.prepare(c, "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME,"
                + " c.DATA_TYPE, c.COLUMN_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE,"
                + " c.DATETIME_PRECISION, c.CHARACTER_SET_NAME, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA"
                + " FROM information_schema.COLUMNS c JOIN information_schema.TABLES t"
                + " ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE')"
                + " WHERE c.TABLE_SCHEMA IN ({in}) ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION", databases)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (cfg == null || cfg.filter().includesTable(id)) {
                        out.computeIfAbsent(id, k -> new ArrayList<>()).add(column(rs));
                    }
                }
            }
        }
        return out;
    }

    private static ColumnDef column(ResultSet rs) throws SQLException {
        String extra = rs.getString(13) == null ? "" : rs.getString(13).toUpperCase(Locale.ROOT);
        return new ColumnDef(rs.getString(3), rs.getString(4).toLowerCase(Locale.ROOT), rs.getString(5),
                longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8), longOrNull(rs, 9), rs.getString(10),
                "YES".equals(rs.getString(11)), rs.getString(12) != null || extra.contains("AUTO_INCREMENT"),
                extra.contains("GENERATED") || extra.contains("VIRTUAL") || extra.contains("PERSISTENT")
                        || extra.contains("STORED"));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
