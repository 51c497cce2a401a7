package io.iso2db.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.TableId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTest {

    private static final ExportTable COMPOSITE = new ExportTable(new TableId("shop", "t"),
            List.of(new ExportColumn("a", "int", null), new ExportColumn("b", "varchar", "utf8mb4"),
                    new ExportColumn("v", "blob", null)), List.of(0, 1), "PRIMARY", "primary key", 10);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void compositeBoundsCompareLexicographicallyInTheColumnsCollation() {
        Chunk c = new Chunk(COMPOSITE, 2, new byte[][] {b("7"), b("k")}, new byte[][] {b("9"), b("z'")});
        assertThat(c.where()).isEqualTo(" WHERE ((`a` > 7) OR (`a` = 7 AND `b` > _utf8mb4 X'6B'))"
                + " AND ((`a` < 9) OR (`a` = 9 AND `b` < _utf8mb4 X'7A27') OR (`a` = 9 AND `b` = _utf8mb4 X'7A27'))");
        assertThat(c.keyList()).isEqualTo("`a`, `b`");
    }

    @Test
    void openEndsAndWholeTables() {
        assertThat(new Chunk(COMPOSITE, 1, null, new byte[][] {b("1"), b("a")}).where()).startsWith(" WHERE ((`a` < 1)");
        assertThat(new Chunk(COMPOSITE, 1, null, null).where()).isEmpty();
        ExportTable noKey = new ExportTable(new TableId("shop", "n"), COMPOSITE.columns(), List.of(), null, "none", 0);
        assertThat(new Chunk(noKey, 1, null, null).describe()).isEqualTo("shop.n chunk 1 (whole table)");
    }

    @Test
    void valuesBecomeExactLiteralsForTheirColumn() {
        StringBuilder sql = new StringBuilder();
        Literals.append(sql, ExportColumn.Kind.NUMBER, b("-12.50"));
        sql.append(' ');
        Literals.append(sql, ExportColumn.Kind.BIT, new byte[] {0x01, (byte) 0xFF});
        sql.append(' ');
        Literals.append(sql, ExportColumn.Kind.QUOTED_TEXT, b("it's\\"));
        sql.append(' ');
        Literals.append(sql, ExportColumn.Kind.BYTES, new byte[] {0, (byte) 0xAB});
        sql.append(' ');
        Literals.append(sql, ExportColumn.Kind.JSON, b("{}"));
        sql.append(' ');
        Literals.append(sql, ExportColumn.Kind.BYTES, null);
        assertThat(sql).hasToString("-12.50 511 'it\\'s\\\\' X'00AB' CONVERT(X'7B7D' USING utf8mb4) NULL");
    }
}
