package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import io.iso2db.export.RowDifference.Kind;
import java.util.List;

/** The statement that makes one differing target row equal to the source's (or removes it). */
final class RepairSql {

    private RepairSql() {
    }

    static String statement(Kind kind, ExportTable table, TableId target, List<Integer> key, byte[][] source, byte[][] onTarget) {
        StringBuilder b = new StringBuilder();
        List<ExportColumn> columns = table.columns();
        switch (kind) {
            case MISSING_ON_TARGET -> {
                b.append("INSERT INTO ").append(target.quoted()).append(" (").append(table.columnList()).append(") VALUES (");
                for (int i = 0; i < columns.size(); i++) {
                    b.append(i == 0 ? "" : ", ");
                    Literals.appendKey(b, columns.get(i), source[i]);
                }
                b.append(')');
            }
            case EXTRA_ON_TARGET -> {
                b.append("DELETE FROM ").append(target.quoted());
                where(b, columns, key, onTarget);
                if (key.isEmpty()) {
                    b.append(" LIMIT 1");   // one of possibly several equal rows
                }
            }
            case DIFFERENT -> {
                b.append("UPDATE ").append(target.quoted()).append(" SET ");
                for (int i = 0; i < columns.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(TableId.quote(columns.get(i).name())).append(" = ");
                    Literals.appendKey(b, columns.get(i), source[i]);
                }
                where(b, columns, key, onTarget);
            }
        }
        return b.append(';').toString();
    }

    /** By key, or without one by every column (NULL-safe). */
    private static void where(StringBuilder b, List<ExportColumn> columns, List<Integer> key, byte[][] row) {
        b.append(" WHERE ");
        List<Integer> which = key.isEmpty() ? java.util.stream.IntStream.range(0, columns.size()).boxed().toList() : key;
        for (int n = 0; n < which.size(); n++) {
            int i = which.get(n);
            b.append(n == 0 ? "" : " AND ").append(TableId.quote(columns.get(i).name())).append(" <=> ");
            Literals.appendKey(b, columns.get(i), row[i]);
        }
    }
}
