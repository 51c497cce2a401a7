package io.iso2db.internal.export;

import java.util.Set;

/**
 * A copied column and how its value is written back as SQL.
 *
 * @param name     column name
 * @param dataType {@code DATA_TYPE}, lower case
 * @param charset  {@code CHARACTER_SET_NAME} for character columns, else null
 */
record ExportColumn(String name, String dataType, String charset) {

    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "year");
    private static final Set<String> TEMPORAL = Set.of("date", "datetime", "timestamp", "time");
    private static final Set<String> TEXT_TYPES = Set.of("uuid", "inet4", "inet6");

    /** How the text protocol's bytes for this column become a literal. */
    enum Kind { NUMBER, BIT, QUOTED_TEXT, JSON, BYTES }

    /** Whether the column can take part in a chunk key (ENUM/SET sort by number but compare as text). */
    boolean rangeable() {
        return !dataType.equals("enum") && !dataType.equals("set");
    }

    Kind kind() {
        if (NUMERIC.contains(dataType)) {
            return Kind.NUMBER;
        }
        if (dataType.equals("bit")) {
            return Kind.BIT;
        }
        if (TEMPORAL.contains(dataType) || TEXT_TYPES.contains(dataType)) {
            return Kind.QUOTED_TEXT;
        }
        if (dataType.equals("json")) {
            return Kind.JSON;   // MySQL's JSON type refuses binary strings
        }
        return Kind.BYTES;
    }
}
