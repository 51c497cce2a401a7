package io.iso2db.internal.route;

import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.ddl.DdlParser;
import io.iso2db.internal.ddl.ListedTables;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where source databases and tables are applied on the target. A table route wins over its
 * database's route; everything not routed keeps its name. Immutable.
 */
public final class Routes {

    private static final Routes NONE = new Routes(Map.of(), Map.of());

    private final Map<String, String> databases;
    private final Map<TableId, TableId> tables;

    private Routes(Map<String, String> databases, Map<TableId, TableId> tables) {
        this.databases = Map.copyOf(databases);
        this.tables = Map.copyOf(tables);
    }

    public static Routes none() {
        return NONE;
    }

    public static Routes of(Map<String, String> databases, Map<TableId, TableId> tables) {
        return databases.isEmpty() && tables.isEmpty() ? NONE : new Routes(databases, tables);
    }

    public boolean isEmpty() {
        return databases.isEmpty() && tables.isEmpty();
    }

    /** The target table for a source table. */
    public TableId target(TableId source) {
        TableId t = tables.get(source);
        if (t != null) {
            return t;
        }
        String db = databases.get(source.database());
        return db == null ? source : new TableId(db, source.table());
    }

    /** The target database for a source database. */
    public String database(String source) {
        return databases.getOrDefault(source, source);
    }

    /** Every target database the given source databases land in. */
    public Set<String> targetDatabases(Set<String> sources) {
        Set<String> out = new LinkedHashSet<>();
        sources.forEach(d -> out.add(database(d)));
        tables.forEach((from, to) -> {
            if (sources.contains(from.database())) {
                out.add(to.database());
            }
        });
        return out;
    }

    /**
     * The DDL statement as it runs on the target: in the routed default database, with the object
     * it changes renamed (every table a DROP or RENAME lists, a RENAME's new names too). Other names inside the
     * statement (LIKE, REFERENCES) are not rewritten: unqualified ones resolve in the routed database.
     */
    public DdlChange ddl(DdlChange source) {
        if (isEmpty()) {
            return source;
        }
        String db = source.database().isEmpty() ? "" : database(source.database());
        if (DdlParser.isDatabaseLevel(source)) {
            String to = database(source.table().database());
            String sql = to.equals(source.table().database()) ? source.sql() : DdlParser.renameObject(source.sql(), TableId.quote(to));
            return new DdlChange(db, sql, new TableId(to, ""));
        }
        TableId to = target(source.table());
        String sql = ListedTables.of(source.database(), source.sql()).map(listed -> listed.routed(this::target))
                .orElseGet(() -> to.equals(source.table()) ? source.sql() : DdlParser.renameObject(source.sql(), to.quoted()));
        return new DdlChange(db, sql, to);
    }

    @Override
    public String toString() {
        return isEmpty() ? "no routes" : "routes " + databases + " " + tables;
    }
}
