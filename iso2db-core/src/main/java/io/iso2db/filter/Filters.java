package io.iso2db.filter;

import io.iso2db.event.TableId;
import java.util.List;
import java.util.Set;

/** Factories for the common filters. */
public final class Filters {

    private Filters() {
    }

    /**
     * Replicates the given databases; {@code tables} empty means all their tables. A table is
     * named bare ({@code orders}: in any replicated database, as in the seed) or qualified
     * ({@code shop.orders}).
     */
    public static Filter databasesAndTables(Set<String> databases, Set<String> tables) {
        Set<String> dbs = Set.copyOf(databases);
        Set<String> names = Set.copyOf(tables);
        return new Filter() {
            @Override
            public boolean includesTable(TableId t) {
                return dbs.contains(t.database())
                        && (names.isEmpty() || names.contains(t.table()) || names.contains(t.toString()));
            }

            @Override
            public boolean includesDatabase(String database) {
                return dbs.contains(database);
            }

            @Override
            public String toString() {
                return "databases=" + List.copyOf(dbs) + (names.isEmpty() ? "" : " tables=" + List.copyOf(names));
            }
        };
    }
}
