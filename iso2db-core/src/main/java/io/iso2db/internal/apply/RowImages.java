package io.iso2db.internal.apply;

import io.iso2db.internal.schema.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Renders row images for people: conflict records and error messages. */
final class RowImages {

    private RowImages() {
    }

    /** The image as a JSON object of the given columns, or null. */
    static String json(TableSchema schema, int[] columns, Object[] row) {
        if (row == null) {
            return null;
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            quote(out, schema.column(columns[i]).name());
            out.append(": ");
            Object v = row[columns[i]];
            if (v == null) {
                out.append("null");
            } else if (v instanceof Number n && !(v instanceof Float) && !(v instanceof Double)) {
                out.append(n);
            } else {
                quote(out, text(v));
            }
        }
        return out.append('}').toString();
    }

    /** {@code col=value, ...} of the given columns. */
    static String pairs(TableSchema schema, int[] columns, Object[] row) {
        StringBuilder out = new StringBuilder();
        for (int c : columns) {
            out.append(out.length() == 0 ? "" : ", ").append(schema.column(c).name()).append('=')
                    .append(row[c] instanceof byte[] || row[c] instanceof String ? "'" + text(row[c]) + "'" : text(row[c]));
        }
        return out.toString();
    }

    static String text(Object v) {
        if (v instanceof byte[] b) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                return "0x" + HexFormat.of().formatHex(b);
            }
        }
        return String.valueOf(v);
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
