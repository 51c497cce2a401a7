package io.iso2db.internal.apply;

import io.iso2db.internal.jdbc.ServerMessages;
import io.iso2db.internal.schema.ColumnInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Checks a row written without strict mode. Rows go there only when strict mode refused a value
 * that only a non-strict source stores (the empty ENUM value, index 0), but the same statement
 * may hold values the target cannot hold, which a non-strict session changes with a warning
 * instead of failing. So each row is written alone and its warnings read: the empty ENUM value's
 * "Data truncated" on that column is expected (the target stores the same index 0); any other
 * warning fails the row, and with it the transaction.
 */
final class LaxWriteCheck {

    private LaxWriteCheck() {
    }

    /** Throws naming the first warning of the statement just run that the row's values do not explain. */
    static void verify(Connection c, RowOp row) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW WARNINGS")) {
            while (rs.next()) {
                int code = rs.getInt(2);
                String message = rs.getString(3);
                if (!emptyEnum(row, code, message)) {
                    throw new SQLException("the target changed a value instead of storing it as the source holds it: "
                            + message + " (warning " + code + "; the rows were written without strict mode, as a value"
                            + " in them only a non-strict source stores needs)", "01000", code);
                }
            }
        }
    }

    private static boolean emptyEnum(RowOp row, int code, String message) {
        if (code != ServerMessages.DATA_TRUNCATED || row.after() == null) {
            return false;
        }
        String column = ServerMessages.column(message).orElse(null);
        List<ColumnInfo> columns = row.schema().columns();
        for (int i = 0; i < columns.size() && i < row.after().length; i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return columns.get(i).dataType().equals("enum") && isEmpty(row.after()[i]);
            }
        }
        return false;
    }

    private static boolean isEmpty(Object v) {
        return v instanceof Number n && n.longValue() == 0 || v instanceof String s && s.isEmpty()
                || v instanceof byte[] b && b.length == 0;
    }
}
