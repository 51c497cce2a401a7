package io.iso2db.event;

import java.util.Objects;

/**
 * A table by database and name, compared exactly (as on a case-sensitive server).
 *
 * @param database database (schema) name
 * @param table    table name
 */
public record TableId(String database, String table) {

    public TableId {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
    }

    /** {@code db.table}, quoted with backticks where needed, ready for SQL. */
    public String quoted() {
        return quote(database) + "." + quote(table);
    }

    /** Quotes an identifier with backticks, doubling any backtick inside. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
