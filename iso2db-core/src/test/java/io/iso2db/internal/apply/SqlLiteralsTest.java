package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

    private static String render(Object v) {
        StringBuilder sb = new StringBuilder();
        SqlLiterals.append(sb, v);
        return sb.toString();
    }

    @Test
    void bytesAreHexSoAnyCharsetIsStoredByteForByte() {
        assertThat(render(new byte[] {0, (byte) 0xFF, 'a', '\''})).isEqualTo("X'00FF6127'");
        assertThat(render(new byte[0])).isEqualTo("X''");
    }

    @Test
    void numbersAreExact() {
        assertThat(render(new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(render(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(render(new BigDecimal("-0.0000000001"))).isEqualTo("-0.0000000001");
        assertThat(render(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(Double.parseDouble(render(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
        assertThat(render(1.1f)).isEqualTo("1.100000023841858");
        assertThat((float) Double.parseDouble(render(1.1f))).isEqualTo(1.1f);
    }

    @Test
    void stringsAreQuotedAndEscaped() {
        assertThat(render("it's a \\ \n\r\0\u001A test")).isEqualTo("'it\\'s a \\\\ \\n\\r\\0\\Z test'");
        assertThat(render(null)).isEqualTo("NULL");
    }

    @Test
    void fillsPlaceholdersButNotQuestionMarksInsideQuotedNames() {
        StringBuilder sb = new StringBuilder();
        SqlLiterals.fill(sb, "UPDATE `db?`.`t` SET `a?b` = ? WHERE `id` = ?", "x'y", 7L);
        assertThat(sb).hasToString("UPDATE `db?`.`t` SET `a?b` = 'x\\'y' WHERE `id` = 7");
    }
}
