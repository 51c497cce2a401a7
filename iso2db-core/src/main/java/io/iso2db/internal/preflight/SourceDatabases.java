package io.iso2db.internal.preflight;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The listed databases that the source does not have: a typo replicates or copies nothing, silently. */
public final class SourceDatabases {

    private SourceDatabases() {
    }

    /** The error naming every database of {@code listed} missing on the source, or null when all exist. */
    public static Iso2dbException missing(Connection source, Collection<String> listed, String where) throws SQLException {
        List<String> existing = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM"
                + " information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema',"
                + " 'performance_schema', 'sys') ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        List<String> missing = listed.stream().filter(d -> !existing.contains(d)).sorted().toList();
        if (missing.isEmpty()) {
            return null;
        }
        List<String> hints = new ArrayList<>();
        for (String m : missing) {
            existing.stream().filter(e -> e.equalsIgnoreCase(m) || similar(e, m)).forEach(e -> hints.add(m + " → " + e + "?"));
        }
        return new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Database(s) " + missing + " do not exist on "
                + where + (hints.isEmpty() ? "" : " (did you mean " + String.join(", ", hints) + ")")
                + "; it has " + (existing.size() > 20 ? existing.subList(0, 20) + " and " + (existing.size() - 20)
                + " more" : existing) + ". Correct the database names.");
    }

    /**
     * The error naming every table pattern of {@code tables} that matches no table of the listed
     * databases, or null. A pattern with wildcards that matches nothing is only logged: its tables may come.
     */
    public static Iso2dbException unmatchedTables(Connection source, Collection<String> databases,
                                                  Collection<String> tables, String where) throws SQLException {
        if (tables.isEmpty()) {
            return null;
        }
        List<io.iso2db.event.TableId> existing = new ArrayList<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema',"
                + " 'performance_schema', 'sys')")) {
            while (rs.next()) {
                existing.add(new io.iso2db.event.TableId(rs.getString(1), rs.getString(2)));
            }
        }
        List<String> unmatched = new ArrayList<>();
        for (String pattern : tables) {
            io.iso2db.filter.Filter one = io.iso2db.filter.Filters.databasesAndTables(java.util.Set.copyOf(databases),
                    java.util.Set.of(pattern));
            if (existing.stream().noneMatch(one::includesTable)) {
                if (pattern.contains("*") || pattern.contains("?")) {
                    org.slf4j.LoggerFactory.getLogger(SourceDatabases.class).warn("Table pattern {} matches no table"
                            + " of {} on {} yet", pattern, databases, where);
                } else {
                    unmatched.add(pattern);
                }
            }
        }
        return unmatched.isEmpty() ? null : new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Table(s) "
                + unmatched + " match no table of databases " + databases + " on " + where
                + ". Correct the table names (bare names match in every listed database; db.table names one).");
    }

    /** One edit apart (a typo), ignoring case. */
    private static boolean similar(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (Math.abs(x.length() - y.length()) > 1) {
            return false;
        }
        int[] prev = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            int[] cur = new int[y.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[y.length()] <= 2;
    }
}
