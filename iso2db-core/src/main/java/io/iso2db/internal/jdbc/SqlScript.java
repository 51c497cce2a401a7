package io.iso2db.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs one of the versioned scripts of {@code create/} (bundled as resources), with the database renamed. */
public final class SqlScript {

    private SqlScript() {
    }

    public static void run(Connection c, String script, String defaultDatabase, String database) throws SQLException {
        String text;
        try (InputStream in = SqlScript.class.getResourceAsStream("/io/iso2db/create/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Missing bundled script " + script);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = text.replace("`" + defaultDatabase + "`", "`" + database.replace("`", "``") + "`");
        try (Statement st = c.createStatement()) {
            for (String sql : text.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
    }
}
