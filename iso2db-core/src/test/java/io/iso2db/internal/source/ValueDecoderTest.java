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
    void bitsBecomeUnsignedNumbers() {
        BitSet b = new BitSet();
        b.set(0);
        b.set(9);
        assertThat(decode(SIGNED, ColumnType.BIT, (1 << 8) | 2, b)).isEqualTo(513L);
        BitSet all = new BitSet();
        all.set(0, 64);
        assertThat(decode(SIGNED, ColumnType.BIT, 8 << 8, all)).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void nullStaysNull() {
        assertThat(decode(UNSIGNED, ColumnType.LONG, 0, null)).isNull();
    }
}
