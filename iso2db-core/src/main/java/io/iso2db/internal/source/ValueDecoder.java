package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import io.iso2db.internal.schema.ColumnInfo;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.BitSet;

/**
 * Turns a value as decoded from the binlog into the form iso2db binds on the target (see
 * {@link io.iso2db.event.RowChange}): unsigned integers widened, BIT as an unsigned number.
 * Temporal cells arrive as literals already ({@link TemporalCells}); strings and binary data as
 * their stored bytes ({@code CHAR_AND_BINARY_AS_BYTE_ARRAY}).
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
        if (raw instanceof byte[] b && b.length <= 16 && "uuid".equals(column.dataType())) {
            // the binlog drops trailing zero bytes of fixed-length binary cells
            return uuidText(java.util.Arrays.copyOf(b, 16));
        }
        if (raw instanceof byte[] b && b.length < column.fixedBinaryLength()) {
            // the binlog drops trailing zero bytes of BINARY(n); restored, the value can be found again
            return java.util.Arrays.copyOf(b, column.fixedBinaryLength());
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
            case BIT -> bits((BitSet) raw);
            case YEAR -> ((Number) raw).longValue();
            case JSON -> json((byte[]) raw);
            default -> raw;
        };
    }

    /** MySQL's binary JSON as JSON text (MariaDB's JSON is LONGTEXT and arrives as its bytes). */
    private static Object json(byte[] binary) {
        try {
            return com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary.parseAsString(binary)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot decode a MySQL binary JSON value: " + e.getMessage(), e);
        }
    }

    /**
     * MariaDB's UUID: the binlog carries its 16 bytes in text order, but a 16-byte binary value
     * written to a UUID column is read in the server's storage order; the text form is unambiguous.
     */
    private static String uuidText(byte[] b) {
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    /**
     * BIT(n) as an unsigned number: the server compares BIT columns numerically, so a number is
     * the form that both writes the value and finds it again in a WHERE clause.
     */
    private static Object bits(BitSet bits) {
        long v = 0;
        for (int i = bits.nextSetBit(0); i >= 0 && i < 64; i = bits.nextSetBit(i + 1)) {
            v |= 1L << i;
        }
        return v < 0 ? BigInteger.valueOf(v).add(TWO_64) : (Object) v;
    }
}
