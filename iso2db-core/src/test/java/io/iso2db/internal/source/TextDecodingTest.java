package io.iso2db.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TextDecodingTest {

    /** A TABLE_MAP body as MariaDB 10.11 wrote it (binlog_row_metadata=FULL): json_test_1.dbz_126_jsontable. */
    private static final byte[] TABLE_MAP = HexFormat.of().parseHex(("12 00 00 00 00 00 01 00 0b 6a 73 6f 6e 5f 74 65 73"
            + " 74 5f 31 00 11 64 62 7a 5f 31 32 36 5f 6a 73 6f 6e 74 61 62 6c 65 00 04 03 fc 0f 0f 05 04 00 03 00 03 0e"
            + " 01 01 00 02 03 21 00 2e 04 0c 02 69 64 04 6a 73 6f 6e 01 61 01 62 08 01 00").replace(" ", ""));

    @Test
    void findsTheColumnNamesPastTheMetadataAndTheNullBitmap() {
        assertThat(TextDecoding.columnNames(TABLE_MAP, 40)).containsExactly("id", "json", "a", "b");
    }

    @Test
    void aTruncatedEventGivesNoNamesRatherThanAFailure() {
        assertThat(TextDecoding.columnNames(java.util.Arrays.copyOf(TABLE_MAP, 60), 40)).isNull();
    }

    @Test
    void readsTheClientCharsetFromTheStatusVariables() {
        // Q_FLAGS2 (4 bytes), Q_SQL_MODE (8 bytes), Q_CHARSET: client 8 (latin1), connection 8, server 45
        byte[] status = HexFormat.of().parseHex("00000000000100000000000000000408000800" + "2d00");
        assertThat(StatusVariables.clientCharset(status, 0, status.length).name()).isEqualTo("windows-1252");
        byte[] utf8 = HexFormat.of().parseHex("042d002d002d00");
        assertThat(StatusVariables.clientCharset(utf8, 0, utf8.length)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheServerCollationPastTheCatalogAndSaysNothingPastAnUnknownVariable() {
        // Q_FLAGS2, Q_CATALOG_NZ "std", Q_CHARSET: client 33, connection 33, server 8 (latin1_swedish_ci)
        byte[] status = HexFormat.of().parseHex("000000000006037374640421002100" + "0800");
        assertThat(StatusVariables.read(status, 0, status.length).serverCollation()).isEqualTo(8);
        assertThat(StatusVariables.read(status, 0, status.length).flags2()).isZero();
        byte[] unknown = HexFormat.of().parseHex("7f00" + "0421002100" + "0800");
        assertThat(StatusVariables.read(unknown, 0, unknown.length).serverCollation()).isEqualTo(-1);
        assertThat(StatusVariables.read(status, 0, 10).serverCollation()).as("cut short").isEqualTo(-1);
    }
}
