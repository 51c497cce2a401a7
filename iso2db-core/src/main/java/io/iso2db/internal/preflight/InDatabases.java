package io.iso2db.internal.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** A query over {@code information_schema} restricted to some databases: {@code ?} placeholders, bound in order. */
final class InDatabases {

    private InDatabases() {
    }

    /** {@code sql} with {@code {in}} replaced by one placeholder per database, each bound. */
    static PreparedStatement prepare(Connection c, String sql, Collection<String> databases) throws SQLException {
        List<String> names = List.copyOf(databases);
        PreparedStatement ps = c.prepareStatement(sql.replace("{in}",
                String.join(",", names.stream().map(d -> "?").toList())));
        for (int i = 0; i < names.size(); i++) {
            ps.setString(i + 1, names.get(i));
        }
        return ps;
    }
}
