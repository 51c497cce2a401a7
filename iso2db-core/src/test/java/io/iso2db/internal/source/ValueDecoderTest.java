package io.iso2db.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import io.iso2db.internal.schema.ColumnInfo;
import java.math.BigInteger;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ValueDecoderTest {

    private static final ColumnInfo SIGNED = new ColumnInfo("c", "int", "int(11)", false, false);
    private static final ColumnInfo UNSIGNED = new ColumnInfo("c", "int", "int(10) unsigned", true, false);

    private static Object decode(ColumnInfo c, ColumnType t, int meta, java.io.Serializable v) {
        return ValueDecoder.decode(c, t.getCode(), meta, v);
    }

    @Test
    void widensUnsignedIntegers() {
        assertThat(decode(UNSIGNED, ColumnType.TINY, 0, -1)).isEqualTo(255L);
        assertThat(decode(UNSIGNED, ColumnType.SHORT, 0, -1)).isEqualTo(65535L);
        assertThat(decode(UNSIGNED, ColumnType.INT24, 0, -1)).isEqualTo(16777215L);
        assertThat(decode(UNSIGNED, ColumnType.LONG, 0, -1)).isEqualTo(4294967295L);
        assertThat(decode(UNSIGNED, ColumnType.LONGLONG, 0, -1L)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decode(SIGNED, ColumnType.TINY, 0, -1)).isEqualTo(-1L);
        assertThat(decode(SIGNED, ColumnType.LONGLONG, 0, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void formatsTemporalValuesAsLiterals() {
        long micros = 1709251199_123456L; // 2024-02-29 23:59:59.123456 UTC
        assertThat(decode(SIGNED, ColumnType.DATETIME_V2, 6, micros)).isEqualTo("2024-02-29 23:59:59.123456");
        assertThat(decode(SIGNED, ColumnType.DATETIME_V2, 3, micros)).isEqualTo("2024-02-29 23:59:59.123");
        assertThat(decode(SIGNED, ColumnType.TIMESTAMP_V2, 0, 0L)).isEqualTo("1970-01-01 00:00:00");
        assertThat(decode(SIGNED, ColumnType.DATE, 0, Long.MIN_VALUE)).isEqualTo("0000-00-00");
        assertThat(decode(SIGNED, ColumnType.DATETIME_V2, 2, Long.MIN_VALUE)).isEqualTo("0000-00-00 00:00:00.00");
    }

    @Test
    void bitsBecomeBigEndianBytesOfTheColumnWidth() {
        BitSet b = new BitSet();
        b.set(0);
        b.set(9);
        // BIT(10): metadata is (bytes << 8) | extra bits = (1 << 8) | 2
        assertThat((byte[]) decode(SIGNED, ColumnType.BIT, (1 << 8) | 2, b)).containsExactly(0x02, 0x01);
    }

    @Test
    void yearZeroIsNotNineteenHundred() {
        assertThat(decode(SIGNED, ColumnType.YEAR, 0, 1900)).isEqualTo(0L);
        assertThat(decode(SIGNED, ColumnType.YEAR, 0, 1901)).isEqualTo(1901L);
        assertThat(decode(SIGNED, ColumnType.YEAR, 0, 2155)).isEqualTo(2155L);
    }

    @Test
    void nullStaysNull() {
        assertThat(decode(UNSIGNED, ColumnType.LONG, 0, null)).isNull();
    }
}
