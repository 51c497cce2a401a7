package io.iso2db.internal.export;

import java.math.BigInteger;

/** Renders a value read with the text protocol ({@code getBytes}) as an exact SQL literal for its column. */
final class Literals {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Literals() {
    }

    static void append(StringBuilder sql, ExportColumn.Kind kind, byte[] v) {
        if (v == null) {
            sql.append("NULL");
            return;
        }
        switch (kind) {
            case NUMBER -> {
                for (byte b : v) {
                    sql.append((char) b);
                }
            }
            case BIT -> sql.append(new BigInteger(1, v));
            case QUOTED_TEXT -> {
                sql.append('\'');
                for (byte b : v) {
                    char ch = (char) (b & 0xFF);
                    if (ch == '\'' || ch == '\\') {
                        sql.append('\\');
                    }
                    sql.append(ch);
                }
                sql.append('\'');
            }
            case JSON -> {
                sql.append("CONVERT(");
                hex(sql, v);
                sql.append(" USING utf8mb4)");
            }
            case BYTES -> hex(sql, v);
        }
    }

    /** As a key bound: character values carry their charset, so the column's collation decides the comparison. */
    static void appendKey(StringBuilder sql, ExportColumn column, byte[] v) {
        if (v != null && column.kind() == ExportColumn.Kind.BYTES && column.charset() != null) {
            sql.append('_').append(column.charset()).append(' ');
        }
        append(sql, column.kind(), v);
    }

    private static void hex(StringBuilder sql, byte[] v) {
        sql.append("X'");
        for (byte b : v) {
            sql.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        sql.append('\'');
    }
}
