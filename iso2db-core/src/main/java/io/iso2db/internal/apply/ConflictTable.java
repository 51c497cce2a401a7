package io.iso2db.internal.apply;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.jdbc.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;

/** The conflict log {@code iso2db.conflict} (create/V4__conflict.sql). */
public final class ConflictTable {

    private ConflictTable() {
    }

    /** Creates the table on the target when missing. */
    public static void ensure(ConnectionSettings target) {
        try (Connection c = Jdbc.open(target, "target")) {
            SqlScript.run(c, "V4__conflict.sql", "iso2db", "iso2db");
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "Cannot create the conflict log iso2db.conflict on "
                    + target.describe() + " (conflictPolicy LOG): " + e.getMessage()
                    + ". Grant CREATE on iso2db.* or create it with create/V4__conflict.sql.", e);
        }
    }
}
