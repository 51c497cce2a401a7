package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Decodes temporal binlog cells straight from MySQL's binary formats into literals
 * ({@code 2024-02-29 23:59:59.123456}, {@code -838:59:59}). No calendar is involved, so dates
 * before 1582, zero and partial-zero dates ({@code 2024-00-00}) and negative or &gt; 24 h TIME
 * values come out exactly as stored; the binlog client's own decoding loses all of those.
 */
final class TemporalCells {

    private TemporalCells() {
    }

    /** The literal for a temporal cell, or null when {@code type} is not temporal (the client decodes it). */
    static Serializable decode(ColumnType type, int meta, ByteArrayInputStream in) throws IOException {
        return switch (type) {
            case DATE -> date(in.readInteger(3));
            case DATETIME -> datetimeV1(in.readLong(8));
            case DATETIME_V2 -> datetimeV2(bigEndian(in, 5), meta, in);
            case TIMESTAMP -> timestamp(in.readLong(4), 0, 0);
            case TIMESTAMP_V2 -> timestamp(bigEndian(in, 4), meta, fraction(meta, in));
            case TIME -> timeV1(in.readInteger(3));
            case TIME_V2 -> timeV2(meta, in);
            case YEAR -> {
                int y = in.readInteger(1);
                yield y == 0 ? 0 : 1900 + y;
            }
            default -> null;
        };
    }

    private static String date(int v) {
        return String.format("%04d-%02d-%02d", v >> 9, (v >> 5) & 0xF, v & 0x1F);
    }

    private static String datetimeV1(long v) {
        long date = v / 1_000_000L;
        long time = v % 1_000_000L;
        return String.format("%04d-%02d-%02d %02d:%02d:%02d", date / 10000, (date / 100) % 100, date % 100,
                time / 10000, (time / 100) % 100, time % 100);
    }

    /** 1 sign bit, 17 bits year*13+month, 5 day, 5 hour, 6 minute, 6 second; then the fraction. */
    private static String datetimeV2(long packed, int meta, ByteArrayInputStream in) throws IOException {
        long v = packed - 0x8000000000L;
        long yearMonth = (v >> 22) & 0x1FFFF;
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", yearMonth / 13, yearMonth % 13, (v >> 17) & 0x1F,
                (v >> 12) & 0x1F, (v >> 6) & 0x3F, v & 0x3F);
        return withFraction(s, meta, fraction(meta, in));
    }

    private static String timestamp(long seconds, int meta, int micros) {
        if (seconds == 0 && micros == 0) {
            return withFraction("0000-00-00 00:00:00", meta, 0);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        return withFraction(s, meta, micros);
    }

    /** Old TIME: a signed 3-byte HHMMSS number. */
    private static String timeV1(int raw) {
        int v = (raw << 8) >> 8;
        int abs = Math.abs(v);
        return String.format("%s%02d:%02d:%02d", v < 0 ? "-" : "", abs / 10000, (abs / 100) % 100, abs % 100);
    }

    /** TIME2, as MySQL's my_time_packed_from_binary reads it: packed = (intpart << 24) + microseconds. */
    private static String timeV2(int meta, ByteArrayInputStream in) throws IOException {
        long packed;
        switch (meta) {
            case 1, 2 -> {
                long intpart = bigEndian(in, 3) - 0x800000L;
                long frac = in.readInteger(1);
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x100;
                }
                packed = (intpart << 24) + frac * 10_000;
            }
            case 3, 4 -> {
                long intpart = bigEndian(in, 3) - 0x800000L;
                long frac = bigEndian(in, 2);
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x10000;
                }
                packed = (intpart << 24) + frac * 100;
            }
            case 5, 6 -> packed = bigEndian(in, 6) - 0x800000000000L;
            default -> packed = (bigEndian(in, 3) - 0x800000L) << 24;
        }
        String sign = packed < 0 ? "-" : "";
        long abs = Math.abs(packed);
        long intpart = abs >> 24;
        long micros = abs & 0xFFFFFF;
        String s = String.format("%s%02d:%02d:%02d", sign, (intpart >> 12) & 0x3FF, (intpart >> 6) & 0x3F, intpart & 0x3F);
        return withFraction(s, meta, (int) micros);
    }

    /** The fractional-seconds part of a v2 temporal value, in microseconds. */
    private static int fraction(int meta, ByteArrayInputStream in) throws IOException {
        int length = (meta + 1) / 2;
        if (length == 0) {
            return 0;
        }
        long v = bigEndian(in, length);
        return (int) (v * (length == 1 ? 10_000 : length == 2 ? 100 : 1));
    }

    private static String withFraction(String s, int meta, int micros) {
        return meta == 0 ? s : s + "." + String.format("%06d", micros).substring(0, meta);
    }

    private static long bigEndian(ByteArrayInputStream in, int length) throws IOException {
        byte[] b = in.read(length);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }
}
