package io.iso2db.internal.preflight;

import io.iso2db.internal.schema.TypeFamily;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column as {@code information_schema.COLUMNS} describes it, and the rule for whether the
 * source's values of one column are written into another exactly: the same kind of type, at
 * least as wide, the same signedness (or room for it), the same character set (or one that
 * contains it). A narrower or different column would truncate, round or reinterpret values.
 */
record ColumnDef(String name, String dataType, String columnType, Long charLength, Long precision, Long scale,
                 Long fractionDigits, String charset, boolean nullable, boolean hasDefault, boolean generated) {

    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final Set<String> ASCII_SUPERSETS = Set.of("utf8mb3", "utf8", "utf8mb4", "latin1");

    boolean unsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    /** Why values of {@code source} do not fit this target column exactly, or null when they do. */
    String misfit(ColumnDef source) {
        TypeFamily from = TypeFamily.ofTarget(source.dataType);
        TypeFamily to = TypeFamily.ofTarget(dataType);
        if (from == TypeFamily.UNKNOWN || to == TypeFamily.UNKNOWN || from == TypeFamily.GEOMETRY) {
            return source.columnType.equalsIgnoreCase(columnType) || to == TypeFamily.GEOMETRY && from == to
                    ? null : "another type";
        }
        if (!from.fits(to) || from == TypeFamily.INTEGER && to != TypeFamily.INTEGER) {
            return "another kind of type";
        }
        return switch (to) {
            case INTEGER -> integerMisfit(source);
            case DECIMAL -> source.precision - source.scale > precision - scale || source.scale > scale ? "narrower" : null;
            case FLOAT -> source.dataType.equals("double") && dataType.equals("float") ? "narrower" : null;
            case STRING, BLOB, JSON -> textMisfit(source);
            case BIT -> source.precision > precision ? "narrower" : null;
            case DATE, TIME, DATETIME, TIMESTAMP ->
                    !source.dataType.equals(dataType) ? "another type"
                            : nz(source.fractionDigits) > nz(fractionDigits) ? "fewer fractional digits" : null;
            default -> null;
        };
    }

    /** Same signedness (rows carry integers by their bits; the target's signedness decodes them), at least as wide. */
    private String integerMisfit(ColumnDef source) {
        if (source.unsigned() != unsigned()) {
            return source.unsigned() ? "signed (the source's is unsigned)" : "unsigned (negative values do not fit)";
        }
        return INTEGERS.indexOf(dataType) < INTEGERS.indexOf(source.dataType) ? "narrower" : null;
    }

    private String textMisfit(ColumnDef source) {
        boolean enumOrSet = Set.of("enum", "set").contains(dataType);
        if (enumOrSet || Set.of("enum", "set").contains(source.dataType)) {
            // the binlog carries ENUM/SET members by number: the target must list the same members first
            String members = members(source.columnType);
            return source.dataType.equals(dataType) && members(columnType).startsWith(members) ? null
                    : "other members";
        }
        if ((source.charset == null) != (charset == null)) {
            return source.charset == null ? "text (the source's is binary)" : "binary (the source's is text)";
        }
        if (charset != null && !charset.equalsIgnoreCase(source.charset) && !containsCharset(source.charset)) {
            return "in character set " + charset + " (the source's is " + source.charset + ")";
        }
        if (source.charLength != null && charLength != null && source.charLength > charLength) {
            return "narrower";
        }
        boolean fixed = dataType.equals("binary") || source.dataType.equals("binary");
        return fixed && !dataType.equals(source.dataType) ? "another type (BINARY pads values)" : null;
    }

    private boolean containsCharset(String sourceCharset) {
        String from = sourceCharset.toLowerCase(Locale.ROOT);
        String to = charset.toLowerCase(Locale.ROOT);
        return (from.equals("ascii") && ASCII_SUPERSETS.contains(to))
                || ((from.equals("utf8mb3") || from.equals("utf8")) && to.startsWith("utf8"));
    }

    private static String members(String columnType) {
        int open = columnType.indexOf('(');
        String list = open < 0 ? "" : columnType.substring(open + 1, columnType.lastIndexOf(')'));
        return list.endsWith("'") ? list.substring(0, list.length() - 1) : list;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    /** Whether a row written without this column still gets a value (extra target columns). */
    boolean fillsItself() {
        return nullable || hasDefault || generated;
    }
}
