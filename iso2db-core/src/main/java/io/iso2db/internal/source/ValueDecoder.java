package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import io.iso2db.internal.schema.ColumnInfo;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;

/**
 * Turns a value as the binlog client decoded it into the form iso2db binds on the target (see
 * {@link io.iso2db.event.RowChange}): unsigned integers widened, temporal values as MySQL literals,
 * BIT as big-endian bytes. The client runs with {@code DATE_AND_TIME_AS_LONG_MICRO},
 * {@code INVALID_DATE_AND_TIME_AS_MIN_VALUE} and {@code CHAR_AND_BINARY_AS_BYTE_ARRAY}.
 */
public final class ValueDecoder {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private ValueDecoder() {
    }

    /**
     * @param column   the target column (for signedness)
     * @param typeCode the binlog column type from TABLE_MAP
     * @param meta     the TABLE_MAP metadata of the column (fractional digits for temporal v2 types)
     * @param raw      the client's value
     */
    public static Object decode(ColumnInfo column, int typeCode, int meta, Serializable raw) {
        if (raw == null) {
            return null;
        }
        ColumnType type = ColumnType.byCode(typeCode);
        if (type == null) {
            return raw;
        }
        return switch (type) {
            case TINY -> column.unsigned() ? (long) (((Number) raw).intValue() & 0xFF) : ((Number) raw).longValue();
            case SHORT -> column.unsigned() ? (long) (((Number) raw).intValue() & 0xFFFF) : ((Number) raw).longValue();
            case INT24 -> column.unsigned() ? (long) (((Number) raw).intValue() & 0xFFFFFF) : ((Number) raw).longValue();
            case LONG -> column.unsigned() ? Integer.toUnsignedLong(((Number) raw).intValue()) : ((Number) raw).longValue();
            case LONGLONG -> {
                long v = ((Number) raw).longValue();
                yield column.unsigned() && v < 0 ? BigInteger.valueOf(v).add(TWO_64) : (Object) v;
            }
            case BIT -> bits((BitSet) raw, meta);
            // the client adds 1900 to the stored byte; YEAR's range is 1901..2155 plus 0000, so 1900 means 0000
            case YEAR -> ((Number) raw).intValue() == 1900 ? 0L : ((Number) raw).longValue();
            case DATE -> temporal(raw, "0000-00-00", 10, 0);
            case DATETIME, DATETIME_V2 -> temporal(raw, "0000-00-00 00:00:00", 19, fsp(type, meta));
            case TIMESTAMP, TIMESTAMP_V2 -> temporal(raw, "0000-00-00 00:00:00", 19, fsp(type, meta));
            case TIME, TIME_V2 -> time((Long) raw, fsp(type, meta));
            default -> raw;
        };
    }

    private static int fsp(ColumnType type, int meta) {
        return switch (type) {
            case DATETIME_V2, TIMESTAMP_V2, TIME_V2 -> meta;
            default -> 0;
        };
    }

    private static Object temporal(Serializable raw, String zero, int length, int fsp) {
        long micros = (Long) raw;
        if (micros == Long.MIN_VALUE) {
            return fsp == 0 ? zero : zero + "." + "0".repeat(fsp);
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        s = s.substring(0, length);
        if (fsp > 0) {
            s += "." + String.format("%06d", t.getNano() / 1000).substring(0, fsp);
        }
        return s;
    }

    private static Object time(long micros, int fsp) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000L;
        String s = String.format("%s%02d:%02d:%02d", sign, seconds / 3600, (seconds / 60) % 60, seconds % 60);
        if (fsp > 0) {
            s += "." + String.format("%06d", abs % 1_000_000L).substring(0, fsp);
        }
        return s;
    }

    /** BIT(n) as the big-endian bytes MySQL stores, (n+7)/8 of them. */
    private static byte[] bits(BitSet bits, int meta) {
        int n = (meta >> 8) * 8 + (meta & 0xFF);
        int len = Math.max(1, (n + 7) / 8);
        byte[] out = new byte[len];
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            out[len - 1 - i / 8] |= (byte) (1 << (i % 8));
        }
        return out;
    }
}
