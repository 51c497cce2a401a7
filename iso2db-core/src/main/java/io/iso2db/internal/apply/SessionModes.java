package io.iso2db.internal.apply;

import io.iso2db.internal.jdbc.ServerMessages;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import java.sql.SQLException;
import java.util.Set;

/**
 * The SQL modes of the apply session. Rows are applied strictly, so a value the target column
 * cannot hold fails (naming the column) instead of being truncated. A source that ran without
 * strict mode may hold values strict mode refuses although they fit the column as stored (the
 * empty ENUM member, invalid dates): those are written as the source holds them.
 */
public final class SessionModes {

    /** For rows. Zero and invalid dates stay allowed, as a non-strict source may hold them. */
    static final String ROWS = "STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";
    /** For DDL: conversions as on a non-strict source. */
    static final String LAX = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";
    /**
     * For rows holding values only a non-strict source writes (checked by {@link LaxWriteCheck}):
     * invalid dates stay as they are (without it they became 0000-00-00 beside an empty ENUM value).
     */
    static final String ROWS_LAX = "ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    /**
     * Set in every apply session. Triggers iso2db creates on the target act only where it is NULL:
     * the rows a source trigger wrote arrive as rows, so its target copy must not write them again.
     */
    public static final String APPLYING = "@iso2db_applying";

    /** Data truncated, incorrect temporal value, incorrect value. */
    private static final Set<Integer> STRICT_VALUE_ERRORS = Set.of(1265, 1292, 1366);
    private static final Set<String> LAX_TYPES = Set.of("enum", "set", "date", "datetime", "timestamp", "time", "year");

    private SessionModes() {
    }

    /**
     * Whether strict mode refused a value of a column whose stored values a non-strict source can
     * write and strict mode cannot (ENUM/SET members by number, temporal values), so the rows must
     * be written again without strict mode. Truncation of strings and numbers always fails.
     */
    static boolean refusedNonStrictValue(SQLException e, TableSchema schema) {
        if (!STRICT_VALUE_ERRORS.contains(e.getErrorCode())) {
            return false;
        }
        String column = ServerMessages.column(e.getMessage()).orElse(null);
        for (ColumnInfo c : schema.columns()) {
            if (c.name().equalsIgnoreCase(column)) {
                return LAX_TYPES.contains(c.dataType());
            }
        }
        return false;
    }
}
