package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.RowChange.Operation;
import io.iso2db.event.TableId;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowMergerTest {

    private static final TableSchema T = new TableSchema(new TableId("db", "t"),
            List.of(new ColumnInfo("id", "int", "int(11)", false, false),
                    new ColumnInfo("v", "varchar", "varchar(10)", false, false)), List.of(0), true);
    private final SqlShapes shapes = new SqlShapes(T, false);
    private final RowMerger merger = new RowMerger();

    private boolean add(Operation op, Object[] before, Object[] after) {
        return merger.add(shapes, new RowOp(T, op, before, after));
    }

    private String drained() {
        Pipeline p = new Pipeline();
        merger.drainInto(p);
        assertThat(merger.isEmpty()).isTrue();
        return p.text();
    }

    @Test
    void aRowInsertedAndDeletedInTheSameBatchSendsNothing() {
        assertThat(add(Operation.INSERT, null, new Object[] {1, "a"})).isTrue();
        assertThat(add(Operation.UPDATE, new Object[] {1, "a"}, new Object[] {1, "b"})).isTrue();
        assertThat(add(Operation.DELETE, new Object[] {1, "b"}, null)).isTrue();
        assertThat(drained()).isEmpty();
    }

    @Test
    void deleteThenInsertOfAKeyBecomesOneCheckedInsertOrUpdate() {
        add(Operation.DELETE, new Object[] {1, "a"}, null);
        add(Operation.INSERT, null, new Object[] {1, "b"});
        add(Operation.UPDATE, new Object[] {2, "x"}, new Object[] {2, "y"});
        assertThat(drained()).isEqualTo("SELECT COUNT(*) INTO @iso2db_rows FROM `db`.`t` WHERE (`id`) IN ((1), (2)) FOR UPDATE;\n"
                + "SELECT 18446744073709551615 + (@iso2db_rows <> 2) INTO @iso2db_guard;\n"
                + "INSERT INTO `db`.`t` (`id`, `v`) VALUES (1, 'b'),(2, 'y') ON DUPLICATE KEY UPDATE `id` = VALUES(`id`), `v` = VALUES(`v`)");
    }

    @Test
    void aKeyChangeDeletesTheOldKeyAndInsertsTheNew() {
        add(Operation.UPDATE, new Object[] {1, "a"}, new Object[] {5, "a"});
        add(Operation.DELETE, new Object[] {3, "c"}, null);
        assertThat(drained()).isEqualTo("DELETE FROM `db`.`t` WHERE (`id`) IN ((1), (3));\n"
                + "SELECT 18446744073709551615 + (ROW_COUNT() <> 2) INTO @iso2db_guard;\n"
                + "INSERT INTO `db`.`t` (`id`, `v`) VALUES (5, 'a')");
    }

    /** NULL never equals anything in an IN list: such an image is matched with {@code <=>} on its own. */
    @Test
    void beforeImagesWithNullAreMatchedOneByOneBesideTheInList() {
        SqlShapes compared = new SqlShapes(T, true);
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {1, "a"}, null));
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {2, null}, null));
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {3, "c"}, null));
        assertThat(drained()).isEqualTo("DELETE FROM `db`.`t` WHERE (`id`, `v`) IN ((1, 'a'), (3, 'c'))"
                + " OR (`id` = 2 AND `v` <=> NULL);\n"
                + "SELECT 18446744073709551615 + (ROW_COUNT() <> 3) INTO @iso2db_guard");
    }

    /** A session beside others (parallel apply) finds the rows by key first, so it locks no other row. */
    @Test
    void keysFirstPutsTheKeysBeforeTheImages() {
        merger.keysFirst();
        SqlShapes compared = new SqlShapes(T, true);
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {1, "a"}, null));
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {2, null}, null));
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {3, "c"}, null));
        assertThat(drained()).isEqualTo("DELETE FROM `db`.`t` WHERE (`id`) IN ((1), (2), (3))"
                + " AND ((`id`, `v`) IN ((1, 'a'), (3, 'c')) OR (`id` = 2 AND `v` <=> NULL));\n"
                + "SELECT 18446744073709551615 + (ROW_COUNT() <> 3) INTO @iso2db_guard");
    }

    /** A one-row IN list is a table scan for MariaDB 10.11 (EXPLAIN type ALL); one row is matched by equalities. */
    @Test
    void oneRowIsMatchedByEqualitiesNotByAOneRowInList() {
        merger.keysFirst();
        SqlShapes compared = new SqlShapes(T, true);
        merger.add(compared, new RowOp(T, Operation.DELETE, new Object[] {1, "a"}, null));
        assertThat(drained()).isEqualTo("DELETE FROM `db`.`t` WHERE (`id` = 1 AND `v` <=> 'a');\n"
                + "SELECT 18446744073709551615 + (ROW_COUNT() <> 1) INTO @iso2db_guard");
    }

    @Test
    void aKeyInsertedTwiceIsRefusedSoTheChangesAreAppliedOneByOne() {
        assertThat(add(Operation.INSERT, null, new Object[] {1, "a"})).isTrue();
        assertThat(add(Operation.INSERT, null, new Object[] {1, "b"})).isFalse();
    }

    @Test
    void aRowChangedAfterItsDeleteIsRefused() {
        assertThat(add(Operation.DELETE, new Object[] {new byte[] {1, 2}, "a"}, null)).isTrue();
        assertThat(add(Operation.UPDATE, new Object[] {new byte[] {1, 2}, "a"}, new Object[] {new byte[] {1, 2}, "b"}))
                .as("byte keys compare by content").isFalse();
    }
}
