package io.iso2db.internal.apply;

import io.iso2db.internal.ddl.SourceSession;
import io.iso2db.internal.source.FlaggedRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * The session variables a DDL statement runs with on the target ({@link SourceSession}: the source
 * session's mode, time zone, collations, clock, AUTO_INCREMENT step, checks), set in one statement
 * before it and set back to the apply session's own after it.
 */
final class SourceSessionSettings {

    private final String set;
    private final String reset;

    private SourceSessionSettings(String set, String reset) {
        this.set = set;
        this.reset = reset;
    }

    /**
     * The settings for {@code source} on the session of {@code st}, which runs rows in {@code rowsTimeZone}
     * with {@code rowCheckFlags} ({@link FlaggedRows}); a lax sql_mode with the source's reading modes where
     * its whole mode is not known.
     */
    static SourceSessionSettings of(SourceSession source, Statement st, String rowsTimeZone, int rowCheckFlags)
            throws SQLException {
        StringJoiner set = new StringJoiner(", ", "SET SESSION ", "");
        StringJoiner reset = new StringJoiner(", ", "SET SESSION ", "");
        set.add("sql_mode = " + (source.sqlMode() >= 0 ? String.valueOf(source.sqlMode())   // the server's own bits
                : "'" + SessionModes.ROWS_LAX + (source.readingModes().isEmpty() ? "" : "," + source.readingModes()) + "'"));
        reset.add("sql_mode = '" + SessionModes.ROWS + "'");
        // set only when it differs: a target before MariaDB 10.10 cannot change it, and needs not to for its own default
        if (source.explicitTimestampDefaults() >= 0
                && source.explicitTimestampDefaults() != Integer.parseInt(value(st, "explicit_defaults_for_timestamp"))) {
            set.add("explicit_defaults_for_timestamp = " + source.explicitTimestampDefaults());
            reset.add("explicit_defaults_for_timestamp = DEFAULT");
        }
        if (source.serverCollation() >= 0) {
            set.add("collation_server = " + source.serverCollation());
            reset.add("collation_server = DEFAULT");
        }
        if (source.connectionCollation() >= 0) {
            reset.add("collation_connection = '" + value(st, "collation_connection") + "'");   // the driver's, as it was
            set.add("collation_connection = " + source.connectionCollation());
        }
        if (source.timeZone() != null) {
            set.add("time_zone = '" + source.timeZone().replace("'", "''") + "'");
            reset.add("time_zone = '" + rowsTimeZone + "'");
        }
        if (source.autoIncrementIncrement() > 0) {
            set.add("auto_increment_increment = " + source.autoIncrementIncrement() + ", auto_increment_offset = "
                    + source.autoIncrementOffset());
            reset.add("auto_increment_increment = DEFAULT, auto_increment_offset = DEFAULT");
        }
        if (source.foreignKeyChecksOff()) {
            set.add("foreign_key_checks = 0");
            reset.add("foreign_key_checks = " + ((rowCheckFlags & FlaggedRows.NO_FOREIGN_KEY_CHECKS) == 0 ? 1 : 0));
        }
        if (source.uniqueChecksOff()) {
            set.add("unique_checks = 0");
            reset.add("unique_checks = " + ((rowCheckFlags & FlaggedRows.RELAXED_UNIQUE_CHECKS) == 0 ? 1 : 0));
        }
        if (source.startMicros() >= 0) {
            set.add("timestamp = " + source.startMicros() / 1_000_000 + "."
                    + String.format(java.util.Locale.ROOT, "%06d", source.startMicros() % 1_000_000));
            reset.add("timestamp = DEFAULT");
        }
        return new SourceSessionSettings(set.toString(), reset.toString());
    }

    void set(Statement st) throws SQLException {
        st.execute(set);
    }

    void reset(Statement st) throws SQLException {
        st.execute(reset);
    }

    private static String value(Statement st, String variable) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@SESSION." + variable)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
