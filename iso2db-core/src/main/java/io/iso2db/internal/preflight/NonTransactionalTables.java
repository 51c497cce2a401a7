package io.iso2db.internal.preflight;

import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Replicated tables a server keeps in an engine without transactions (MyISAM, Aria, MEMORY, ...):
 * a change to one stays when its transaction is rolled back.
 */
final class NonTransactionalTables {

    private NonTransactionalTables() {
    }

    /** Each such table of {@code databases} that {@code replicated} accepts, as {@code db.table (ENGINE on the side)}. */
    static List<String> of(Connection c, Collection<String> databases, Predicate<TableId> replicated, String side)
            throws SQLException {
        List<String> out = new ArrayList<>();
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
                    TableId id = new TableId(rs.getString(1), rs.getString(2));
                    if (replicated.test(id)) {
                        out.add(id + " (" + rs.getString(3) + " on the " + side + ")");
                    }
                }
            }
        }
        return out;
    }
}
