package io.iso2db.testkit;

import java.util.List;
import java.util.Set;

/**
 * The column types and edge values every copy path must carry byte for byte: replication (the
 * type matrix tests) and the export. The values are written as a non-strict source writes them
 * ({@link #SOURCE_SQL_MODE}): zero dates, zero-in-date parts, invalid dates such as February 30th
 * and the empty ENUM value are data a production source may hold.
 */
public final class TypeMatrix {

    /** The session SQL mode the values are written with on the source. */
    public static final String SOURCE_SQL_MODE = "ALLOW_INVALID_DATES";

    private TypeMatrix() {
    }

    /** Column type and the literal values to insert (each its own row). */
    public record Case(String name, String type, List<String> values) {
    }

    /** MariaDB-only column types. */
    public static final Set<String> MARIADB_ONLY = Set.of("uuid", "inet6", "inet4");

    /** Every case, MariaDB-only ones included. */
    public static final List<Case> CASES = List.of(
            new Case("tinyint", "TINYINT", List.of("-128", "0", "127", "NULL")),
            new Case("tinyint_u", "TINYINT UNSIGNED", List.of("0", "255")),
            new Case("smallint_u", "SMALLINT UNSIGNED", List.of("0", "65535")),
            new Case("mediumint", "MEDIUMINT", List.of("-8388608", "8388607")),
            new Case("mediumint_u", "MEDIUMINT UNSIGNED", List.of("16777215")),
            new Case("int_u", "INT UNSIGNED", List.of("0", "4294967295", "2147483648")),
            new Case("bigint", "BIGINT", List.of("-9223372036854775808", "9223372036854775807")),
            new Case("bigint_u", "BIGINT UNSIGNED", List.of("0", "18446744073709551615", "9223372036854775808")),
            new Case("decimal65", "DECIMAL(65,30)", List.of("99999999999999999999999999999999999.999999999999999999999999999999",
                    "-0.000000000000000000000000000001", "0")),
            new Case("decimal_small", "DECIMAL(5,2) UNSIGNED", List.of("999.99", "0.01")),
            new Case("float", "FLOAT", List.of("1.1", "-3.4028234e38", "1.17549435e-38", "0")),
            new Case("double", "DOUBLE", List.of("0.1", "-1.7976931348623157e308", "2.2250738585072014e-308")),
            new Case("bit1", "BIT(1)", List.of("b'0'", "b'1'")),
            new Case("bit10", "BIT(10)", List.of("b'1000000001'", "b'0'")),
            new Case("bit64", "BIT(64)", List.of("b'1111111111111111111111111111111111111111111111111111111111111111'", "b'1'")),
            new Case("date", "DATE", List.of("'1000-01-01'", "'9999-12-31'", "'0000-00-00'", "'2024-00-00'", "'2024-02-00'",
                    "'2024-02-30'")),
            new Case("datetime0", "DATETIME", List.of("'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'", "'0000-00-00 00:00:00'",
                    "'2023-02-29 12:00:00'")),
            new Case("datetime6", "DATETIME(6)", List.of("'2024-02-29 23:59:59.999999'", "'1970-01-01 00:00:00.000001'",
                    "'0000-00-00 00:00:00.000000'", "'2024-00-10 10:00:00.5'")),
            new Case("datetime3", "DATETIME(3)", List.of("'2001-02-03 04:05:06.789'")),
            new Case("datetime1", "DATETIME(1)", List.of("'2001-02-03 04:05:06.7'", "'0000-00-00 00:00:00.0'")),
            new Case("timestamp4", "TIMESTAMP(4) NULL", List.of("'2001-02-03 04:05:06.7891'")),
            new Case("time2", "TIME(2)", List.of("'-01:00:00.01'", "'100:00:00.99'", "'-00:00:00.50'")),
            new Case("time5", "TIME(5)", List.of("'-838:59:58.99999'", "'00:00:00.00001'")),
            new Case("timestamp6", "TIMESTAMP(6) NULL", List.of("'1970-01-01 00:00:01.000000'", "'2038-01-19 03:14:07.999999'",
                    "'0000-00-00 00:00:00'", "NULL")),
            new Case("time0", "TIME", List.of("'00:00:00'", "'838:59:59'", "'-838:59:59'", "'-00:00:01'", "'25:00:00'")),
            new Case("time6", "TIME(6)", List.of("'-12:34:56.000001'", "'12:34:56.999999'")),
            new Case("year", "YEAR", List.of("1901", "2155", "0", "2024")),
            new Case("char_utf8", "CHAR(10) CHARACTER SET utf8mb4", List.of("'😀é'", "''", "'a'")),
            new Case("varchar_utf8", "VARCHAR(100) CHARACTER SET utf8mb4", List.of("'trailing  '", "'𝄞 music'", "''")),
            new Case("varchar_latin1", "VARCHAR(20) CHARACTER SET latin1", List.of("'café'", "'ÿ'")),
            new Case("text", "TEXT", List.of("REPEAT('x', 65535)", "''")),
            new Case("binary", "BINARY(4)", List.of("0x00", "0x01020300", "0xFFFFFFFF")),
            new Case("varbinary", "VARBINARY(10)", List.of("0x0000", "X''", "0xFF00FF00")),
            new Case("longblob", "LONGBLOB", List.of("REPEAT(0xAB, 1000000)", "X''")),
            new Case("enum", "ENUM('a','b','c d')", List.of("'a'", "'c d'", "''")),
            new Case("set", "SET('x','y','z')", List.of("''", "'x,z'", "'x,y,z'")),
            new Case("json", "JSON", List.of("'{\"a\": [1, 2.5, null, true], \"b\": \"ü\"}'", "'[]'")),
            new Case("geometry", "GEOMETRY", List.of("ST_GeomFromText('POINT(1 2)')",
                    "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 1,0 0))')")),
            new Case("uuid", "UUID", List.of("'123e4567-e89b-12d3-a456-426655440000'", "'01234567-89ab-6cde-8f01-23456789abcd'",
                    "'00000000-0000-0000-0000-000000000000'")),
            new Case("inet6", "INET6", List.of("'::1'", "'2001:db8::ff00:42:8329'")),
            new Case("inet4", "INET4", List.of("'192.168.0.1'")));
}
