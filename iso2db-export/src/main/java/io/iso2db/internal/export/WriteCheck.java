package io.iso2db.internal.export;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.ServerMessages;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fails a chunk when the target did not store every row exactly as sent. The export session is
 * not strict (it must take what a non-strict source holds: zero dates, invalid dates), and
 * {@code LOAD DATA LOCAL} turns errors into warnings in any mode, so a value the target changed
 * shows only as a warning and a row it skipped only in the row count. One warning is expected:
 * the empty ENUM value a non-strict source stores (index 0) is written back as '', which the
 * target stores as the same index 0 while warning "Data truncated"; each such value sent allows
 * one such warning on that column, nothing else is allowed.
 */
final class WriteCheck {

    private final boolean[] enumColumn;
    private final List<String> enumNames = new ArrayList<>();
    private long emptyEnums;

    WriteCheck(ExportTable t) {
        enumColumn = new boolean[t.columns().size()];
        for (int i = 0; i < enumColumn.length; i++) {
            enumColumn[i] = t.columns().get(i).dataType().equals("enum");
            if (enumColumn[i]) {
                enumNames.add(t.columns().get(i).name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Notes a value about to be sent for column {@code i}. */
    void sent(int i, byte[] value) {
        sent(i, value == null, value == null ? 0 : value.length);
    }

    /** Notes a value of {@code length} bytes (or NULL) about to be sent for column {@code i}. */
    void sent(int i, boolean isNull, long length) {
        if (enumColumn[i] && !isNull && length == 0) {
            emptyEnums++;
        }
    }

    /**
     * Checks the statement just run, which wrote {@code rowsSent} rows and reported {@code
     * stored}; the counts start again for the next statement.
     */
    void verify(Statement write, long rowsSent, long stored) throws SQLException {
        long allowed = emptyEnums;
        emptyEnums = 0;
        SQLWarning first = write.getWarnings();
        write.clearWarnings();
        if (first == null && stored == rowsSent) {
            return;
        }
        long warnings = first == null ? 0 : warningCount(write);
        SQLWarning unexpected = null;
        for (SQLWarning w = first; w != null && unexpected == null; w = w.getNextWarning()) {
            if (!emptyEnumWarning(w)) {
                unexpected = w;
            }
        }
        if (stored == rowsSent && unexpected == null && warnings <= allowed) {
            return;
        }
        String what = stored != rowsSent ? "stored " + stored + " of the " + rowsSent + " rows sent"
                : "changed a value instead of storing it as read";
        String warning = unexpected != null ? unexpected.getMessage() + " (warning " + unexpected.getErrorCode() + ")"
                : first != null ? first.getMessage() : "no warning given";
        throw new Iso2dbException(ErrorCode.EXPORT_FAILED, "the target " + what + ": "
                + warning + "; " + warnings + " warning(s) in all, " + allowed + " expected for empty ENUM values."
                + " The chunk was not committed. The target table differs from the source's or cannot hold the value"
                + " (was it changed while the export ran?)");
    }

    private boolean emptyEnumWarning(SQLWarning w) {
        return w.getErrorCode() == ServerMessages.DATA_TRUNCATED
                && ServerMessages.column(w.getMessage()).filter(enumNames::contains).isPresent();
    }

    private static long warningCount(Statement write) throws SQLException {
        try (Statement st = write.getConnection().createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT @@warning_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
