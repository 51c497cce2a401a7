package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.TableId;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlShapesTest {

    private static final TableSchema T = new TableSchema(new TableId("db", "t"),
            List.of(new ColumnInfo("id", "int", "int(11)", false, false),
                    new ColumnInfo("b", "blob", "blob", false, false)), List.of(0), true);
    private static final Object[] ROW = {7, new byte[] {1, 2, 3}};

    @Test
    void rowsFoundByKeyOnlyBindTheKeyAndHashNothing() {
        SqlShapes byKey = new SqlShapes(T, false);
        assertThat(byKey.imageColumns()).containsExactly(0);
        assertThat(byKey.imageValues(ROW)).isSameAs(ROW);
    }

    @Test
    void whetherTheTargetHoldsAChangeComparesTheWholeImageWhateverTheMatching() {
        for (boolean compared : new boolean[] {false, true}) {
            SqlShapes s = new SqlShapes(T, compared);
            assertThat(s.wholeImageColumns()).containsExactly(0, 1);
            assertThat(s.selectImage).contains("MD5(`b`) <=> ?");
            assertThat(s.wholeImageValues(ROW)).containsExactly(7, "5289df737df57326fcdd22597afb1fac");
        }
        assertThat(new SqlShapes(T, true).imageValues(ROW)).containsExactly(7, "5289df737df57326fcdd22597afb1fac");
    }
}
