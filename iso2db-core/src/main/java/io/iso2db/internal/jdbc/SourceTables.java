package io.iso2db.internal.jdbc;

import io.iso2db.ConnectionSettings;
import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Function;

/** What the source holds now of one table, read on a short connection of its own. */
public final class SourceTables {

    private SourceTables() {
    }

    /**
     * The {@code CREATE TABLE} statement of a table the source holds now without any row, else
     * empty (it holds rows, is gone, or cannot be read: the caller then stops the task, naming why).
     */
    public static Function<TableId, Optional<String>> emptyTableDefinitions(ConnectionSettings source) {
        return table -> {
            try (Connection c = Jdbc.open(source, "source"); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM " + table.quoted() + " LIMIT 1")) {
                    if (rs.next()) {
                        return Optional.empty();
                    }
                }
                try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table.quoted())) {
                    return rs.next() ? Optional.of(rs.getString(2)) : Optional.empty();
                }
            } catch (SQLException e) {
                return Optional.empty();
            }
        };
    }
}
