package io.iso2db.internal.source;

import io.iso2db.internal.ddl.SessionVariables;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** Every variable known here, of the status variables at {@code from} (read in one pass). */
    static SessionVariables read(byte[] body, int from, int length) {
        int[] at = offsets(body, from, length);
        int charset = at[CHARSET];
        int zone = at[TIME_ZONE];
        int step = at[AUTO_INCREMENT];
        int micros = at[HRNOW] >= 0 ? at[HRNOW] : at[MICROSECONDS];
        return new SessionVariables(number(body, at[SQL_MODE], 0, 8), number(body, at[FLAGS2], 0, 4),
                (int) number(body, charset, 4, 2), (int) number(body, charset, 2, 2),
                zone < 0 ? null : new String(body, zone + 1, body[zone] & 0xFF, StandardCharsets.US_ASCII),
                (int) number(body, micros, 0, 3),
                step < 0 ? 1 : (int) number(body, step, 0, 2), step < 0 ? 1 : (int) number(body, step, 2, 2));
    }

    /** The little-endian number of {@code bytes} bytes, {@code skip} bytes into the value at {@code at}; -1 when absent. */
    private static long number(byte[] body, int at, int skip, int bytes) {
        return at < 0 ? -1 : BinlogBytes.littleEndian(body, at + skip, bytes);
    }

    /** {@code character_set_client}, as Java reads it; UTF-8 when absent. */
    static Charset clientCharset(byte[] body, int from, int length) {
        int client = (int) number(body, offsets(body, from, length)[CHARSET], 0, 2);
        if (LATIN1.contains(client)) {
            return Charset.forName("windows-1252");
        }
        return BINARY.contains(client) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }

    /**
     * Where each variable's value starts, by code; -1 for one absent, cut short, or after a code not
     * known here (its length unknown, nothing after it can be read).
     */
    private static int[] offsets(byte[] body, int from, int length) {
        int[] at = new int[256];
        Arrays.fill(at, -1);
        int i = from;
        int end = Math.min(body.length, from + length);
        while (i < end) {
            int code = body[i++] & 0xFF;
            int size = size(body, i, code);
            if (size < 0 || i + size > end) {
                break;
            }
            at[code] = i;
            i += size;
        }
        return at;
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
}
