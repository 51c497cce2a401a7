package io.iso2db.internal.schema;

import java.util.Set;

/**
 * Kinds of column whose values travel into each other exactly. A rows event is decoded by
 * position against the target's definition; when a column's family differs between the
 * binlog's TABLE_MAP and the target, the definitions no longer line up (a column was moved or
 * retyped on one side) and values would land in the wrong place.
 */
public enum TypeFamily {
    INTEGER, DECIMAL, FLOAT, STRING, BLOB, JSON, BIT, DATE, TIME, DATETIME, TIMESTAMP, YEAR, GEOMETRY,
    /** A type this check does not know: never reported as a mismatch. */
    UNKNOWN;

    private static final Set<TypeFamily> TEXTUAL = Set.of(STRING, BLOB, JSON);

    /** The family of a binlog column type code (TABLE_MAP); ENUM and SET travel as strings. */
    public static TypeFamily ofBinlog(int typeCode) {
        return switch (typeCode) {
            case 1, 2, 3, 8, 9 -> INTEGER;
            case 0, 246 -> DECIMAL;
            case 4, 5 -> FLOAT;
            case 7, 17 -> TIMESTAMP;
            case 12, 18 -> DATETIME;
            case 10, 14 -> DATE;
            case 11, 19 -> TIME;
            case 13 -> YEAR;
            case 15, 247, 248, 253, 254 -> STRING;
            case 16 -> BIT;
            case 245 -> JSON;
            case 249, 250, 251, 252 -> BLOB;
            case 255 -> GEOMETRY;
            default -> UNKNOWN;
        };
    }

    /** The family of a target column's {@code DATA_TYPE}. */
    public static TypeFamily ofTarget(String dataType) {
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> INTEGER;
            case "decimal", "numeric" -> DECIMAL;
            case "float", "double", "real" -> FLOAT;
            case "char", "varchar", "binary", "varbinary", "enum", "set", "uuid", "inet6" -> STRING;
            case "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob" -> BLOB;
            case "json" -> JSON;
            case "bit" -> BIT;
            case "date" -> DATE;
            case "time" -> TIME;
            case "datetime" -> DATETIME;
            case "timestamp" -> TIMESTAMP;
            case "year" -> YEAR;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection" -> GEOMETRY;
            default -> UNKNOWN;
        };
    }

    /** Whether a value of this (source) family is written into a {@code target} column exactly. */
    public boolean fits(TypeFamily target) {
        if (this == target || this == UNKNOWN || target == UNKNOWN) {
            return true;
        }
        if (TEXTUAL.contains(this) && TEXTUAL.contains(target)) {
            return true;   // VARCHAR widened to TEXT, JSON kept as text: the same bytes
        }
        return this == INTEGER && (target == DECIMAL || target == FLOAT);
    }
}
