package io.iso2db.internal.preflight;

import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tables a server keeps in an engine without transactions (MyISAM, Aria, MEMORY, ...): a change
 * to one stays when its transaction is rolled back, and no snapshot holds one still.
 */
public final class NonTransactionalTables {

    private NonTransactionalTables() {
    }

    /** Each such base table of {@code databases}, with its engine, in name order. */
    public static Map<TableId, String> in(Connection c, Collection<String> databases) throws SQLException {
        Map<TableId, String> out = new LinkedHashMap<>();
        if (databases.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", Collections.nCopies(databases.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.ENGINE"
                + " FROM information_schema.TABLES t JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE"
                + " WHERE t.TABLE_TYPE = 'BASE TABLE' AND e.TRANSACTIONS <> 'YES' AND t.TABLE_SCHEMA IN (" + marks + ")"
                + " ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME")) {
            int i = 1;
            for (String db : databases) {
                ps.setString(i++, db);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new TableId(rs.getString(1), rs.getString(2)), rs.getString(3));
                }
            }
        }
        return out;
    }

    /** Those that {@code replicated} accepts, as {@code db.table (ENGINE on the side)}. */
    static List<String> of(Connection c, Collection<String> databases, Predicate<TableId> replicated, String side)
            throws SQLException {
        List<String> out = new ArrayList<>();
        in(c, databases).forEach((id, engine) -> {
            if (replicated.test(id)) {
                out.add(id + " (" + engine + " on the " + side + ")");
            }
        });
        return out;
    }
}
