package io.iso2db.filter;

import io.iso2db.event.RowChange;
import io.iso2db.event.TableId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Factories for the common filters. */
public final class Filters {

    private Filters() {
    }

    /**
     * Replicates the given databases; {@code tables} empty means all their tables. A table is
     * named bare ({@code orders}: in any replicated database, as in the original tool) or qualified
     * ({@code shop.orders}); {@code *} and {@code ?} are wildcards ({@code shop.order_*}).
     * Tables matching an {@code excluded} pattern are never replicated.
     */
    public static Filter databasesAndTables(Set<String> databases, Set<String> tables, Set<String> excluded) {
        Set<String> dbs = Set.copyOf(databases);
        List<TablePattern> include = tables.stream().map(TablePattern::of).toList();
        List<TablePattern> exclude = excluded.stream().map(TablePattern::of).toList();
        return new Filter() {
            @Override
            public boolean includesTable(TableId t) {
                return dbs.contains(t.database())
                        && (include.isEmpty() || include.stream().anyMatch(p -> p.matches(t)))
                        && exclude.stream().noneMatch(p -> p.matches(t));
            }

            @Override
            public boolean includesDatabase(String database) {
                return dbs.contains(database);
            }

            @Override
            public String toString() {
                return "databases=" + List.copyOf(dbs) + (tables.isEmpty() ? "" : " tables=" + List.copyOf(tables))
                        + (excluded.isEmpty() ? "" : " excluded=" + List.copyOf(excluded));
            }
        };
    }

    /** As {@link #databasesAndTables(Set, Set, Set)} without exclusions. */
    public static Filter databasesAndTables(Set<String> databases, Set<String> tables) {
        return databasesAndTables(databases, tables, Set.of());
    }

    /**
     * Drops row changes of the given kinds (original tool: {@code ignore}: e.g. never replicate
     * deletes). With DELETE, statements that empty a table or partition are not applied either.
     */
    public static Filter ignoreOperations(Set<RowChange.Operation> ignored) {
        Set<RowChange.Operation> ops = ignored.isEmpty() ? Set.of() : EnumSet.copyOf(ignored);
        return new Filter() {
            @Override
            public boolean includesTable(TableId table) {
                return true;
            }

            @Override
            public boolean includesDatabase(String database) {
                return true;
            }

            @Override
            public boolean includesRow(RowChange row) {
                return !ops.contains(row.operation());
            }

            @Override
            public boolean includesTruncate(TableId table) {
                return !ops.contains(RowChange.Operation.DELETE);
            }

            @Override
            public String toString() {
                return "ignore " + ops;
            }
        };
    }

    /** A bare or qualified table name pattern with {@code *} and {@code ?} wildcards. */
    private record TablePattern(Pattern database, Pattern table) {
        static TablePattern of(String text) {
            int dot = text.indexOf('.');
            return dot < 0 ? new TablePattern(null, glob(text))
                    : new TablePattern(glob(text.substring(0, dot)), glob(text.substring(dot + 1)));
        }

        boolean matches(TableId t) {
            return (database == null || database.matcher(t.database()).matches()) && table.matcher(t.table()).matches();
        }

        private static Pattern glob(String g) {
            StringBuilder re = new StringBuilder();
            for (char c : g.toCharArray()) {
                re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(re.toString());
        }
    }
}
