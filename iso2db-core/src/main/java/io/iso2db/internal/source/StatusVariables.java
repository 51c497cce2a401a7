package io.iso2db.internal.source;

import io.iso2db.internal.ddl.SessionVariables;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The status variables of a QUERY event: settings of the session that wrote the statement, each
 * a code byte and a value whose length the code decides. The binlog client library reads none of
 * them. Read up to the first code not known here (servers write them in code order, the old ones
 * first).
 */
final class StatusVariables {

    private static final int FLAGS2 = 0;
    private static final int SQL_MODE = 1;
    private static final int CATALOG = 2;
    private static final int AUTO_INCREMENT = 3;
    private static final int CHARSET = 4;
    private static final int TIME_ZONE = 5;
    private static final int CATALOG_NZ = 6;
    private static final int LC_TIME_NAMES = 7;
    private static final int CHARSET_DATABASE = 8;
    private static final int TABLE_MAP_FOR_UPDATE = 9;
    private static final int MASTER_DATA_WRITTEN = 10;
    private static final int INVOKER = 11;
    private static final int UPDATED_DB_NAMES = 12;
    /** MySQL's microseconds of the statement's start. */
    private static final int MICROSECONDS = 13;
    private static final int DDL_LOGGED_WITH_XID = 15;
    private static final int DEFAULT_COLLATION_FOR_UTF8MB4 = 16;
    private static final int SQL_REQUIRE_PRIMARY_KEY = 17;
    private static final int DEFAULT_TABLE_ENCRYPTION = 18;
    /** MariaDB's microseconds of the statement's start (written when the statement read them). */
    private static final int HRNOW = 128;
    private static final int XID = 129;
    /** UPDATED_DB_NAMES's count when it names none (too many databases). */
    private static final int OVER_MAX_DBS = 254;
    /** MySQL/MariaDB latin1 is Windows-1252. */
    private static final Set<Integer> LATIN1 = Set.of(5, 8, 15, 31, 47, 48, 49, 94);
    private static final Set<Integer> BINARY = Set.of(63);

    private StatusVariables() {
    }

    /** {@code flags2} (the session's option bits); -1 when absent. */
    static long flags2(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, FLAGS2);
        return at < 0 ? -1 : littleEndian(body, at, 4);
    }

    /** {@code sql_mode} as the server's bits; -1 when absent. */
    static long sqlMode(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, SQL_MODE);
        return at < 0 ? -1 : littleEndian(body, at, 8);
    }

    /** {@code character_set_client}, as Java reads it; UTF-8 when absent. */
    static Charset clientCharset(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, CHARSET);
        int client = at < 0 ? -1 : (int) littleEndian(body, at, 2);
        if (LATIN1.contains(client)) {
            return Charset.forName("windows-1252");
        }
        return BINARY.contains(client) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }

    /** {@code collation_server}'s id (what a new database gets by default); -1 when absent. */
    static int serverCollation(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, CHARSET);
        return at < 0 ? -1 : (int) littleEndian(body, at + 4, 2);
    }

    /** {@code collation_connection}'s id (the collation of the statement's literals); -1 when absent. */
    static int connectionCollation(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, CHARSET);
        return at < 0 ? -1 : (int) littleEndian(body, at + 2, 2);
    }

    /** {@code time_zone}, written when the statement read or converted a time in it; null when absent. */
    static String timeZone(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, TIME_ZONE);
        return at < 0 ? null : new String(body, at + 1, body[at] & 0xFF, StandardCharsets.US_ASCII);
    }

    /** The microseconds of the statement's start (MariaDB's or MySQL's variable); -1 when absent. */
    static int microseconds(byte[] body, int from, int length) {
        int at = valueAt(body, from, length, HRNOW);
        if (at < 0) {
            at = valueAt(body, from, length, MICROSECONDS);
        }
        return at < 0 ? -1 : (int) littleEndian(body, at, 3);
    }

    /** Every variable known here, of the status variables at {@code from}. */
    static SessionVariables read(byte[] body, int from, int length) {
        int step = valueAt(body, from, length, AUTO_INCREMENT);
        return new SessionVariables(sqlMode(body, from, length), flags2(body, from, length),
                serverCollation(body, from, length), connectionCollation(body, from, length), timeZone(body, from, length),
                microseconds(body, from, length), step < 0 ? 1 : (int) littleEndian(body, step, 2),
                step < 0 ? 1 : (int) littleEndian(body, step + 2, 2));
    }

    /** Where the value of the variable {@code wanted} starts; -1 when absent, past the end, or after an unknown code. */
    private static int valueAt(byte[] body, int from, int length, int wanted) {
        int i = from;
        int end = Math.min(body.length, from + length);
        while (i < end) {
            int code = body[i++] & 0xFF;
            if (code == wanted) {
                return i + size(body, i, code) <= end ? i : -1;
            }
            int size = size(body, i, code);
            if (size < 0) {
                return -1;
            }
            i += size;
        }
        return -1;
    }

    /** The length of the value of {@code code} at {@code i}; -1 for a code not known here. */
    private static int size(byte[] body, int i, int code) {
        return switch (code) {
            case FLAGS2, AUTO_INCREMENT -> 4;
            case SQL_MODE, TABLE_MAP_FOR_UPDATE -> 8;
            case CHARSET -> 6;
            case LC_TIME_NAMES, CHARSET_DATABASE -> 2;
            case CATALOG -> i < body.length ? 1 + (body[i] & 0xFF) + 1 : -1;
            case TIME_ZONE, CATALOG_NZ -> i < body.length ? 1 + (body[i] & 0xFF) : -1;
            case MASTER_DATA_WRITTEN -> 4;
            case MICROSECONDS, HRNOW -> 3;
            case XID, DDL_LOGGED_WITH_XID -> 8;
            case DEFAULT_COLLATION_FOR_UTF8MB4 -> 2;
            case SQL_REQUIRE_PRIMARY_KEY, DEFAULT_TABLE_ENCRYPTION -> 1;
            case INVOKER -> invokerSize(body, i);
            case UPDATED_DB_NAMES -> databaseNamesSize(body, i);
            default -> -1;
        };
    }

    /** User and host, each a length byte and the text. */
    private static int invokerSize(byte[] body, int i) {
        if (i >= body.length) {
            return -1;
        }
        int host = i + 1 + (body[i] & 0xFF);
        return host < body.length ? host + 1 + (body[host] & 0xFF) - i : -1;
    }

    /** A count, then as many zero-terminated names (none when the count says too many). */
    private static int databaseNamesSize(byte[] body, int i) {
        if (i >= body.length) {
            return -1;
        }
        int count = body[i] & 0xFF;
        int k = i + 1;
        for (int n = 0; count != OVER_MAX_DBS && n < count; n++) {
            while (k < body.length && body[k] != 0) {
                k++;
            }
            k++;
        }
        return k <= body.length ? k - i : -1;
    }

    private static long littleEndian(byte[] b, int at, int bytes) {
        long v = 0;
        for (int k = bytes - 1; k >= 0; k--) {
            v = v << 8 | (b[at + k] & 0xFF);
        }
        return v;
    }
}
