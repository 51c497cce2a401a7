package io.iso2db.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableComparatorIT {

    @RegisterExtension
    static final MariaDbExtension LEFT = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension RIGHT = MariaDbExtension.withServerId(2);

    private String sameTableOnBoth(String prefix) {
        String db = LEFT.server().newDatabase(prefix);
        RIGHT.server().execute("DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db);
        String ddl = "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, b MEDIUMBLOB, s VARCHAR(20) CHARACTER SET latin1,"
                + " d DATETIME(6), n DECIMAL(30,10))";
        String rows = "INSERT INTO " + db + ".t VALUES (1, 0x00010203FF, 'café', '2024-02-29 23:59:59.123456', 1.5),"
                + " (2, NULL, '', NULL, -0.0000000001), (3, REPEAT(0xAB, 70000), 'x ', '1000-01-01 00:00:00', 0)";
        LEFT.server().execute(ddl, rows);
        RIGHT.server().execute(ddl, rows);
        return db;
    }

    @Test
    void identicalTablesCompareEqual() {
        String db = sameTableOnBoth("equal");
        TableComparator.Comparison c = TableComparator.assertIdentical(LEFT.server(), RIGHT.server(), db);
        assertThat(c.rowsCompared()).isEqualTo(3);
        assertThat(c.tables()).singleElement().satisfies(t -> assertThat(t.targetRows()).isEqualTo(3));
    }

    @Test
    void detectsOneByteDifferenceInBlob() {
        String db = sameTableOnBoth("blob_byte");
        // flip the last byte of a 70000-byte BLOB
        RIGHT.server().execute("UPDATE " + db + ".t SET b = CONCAT(LEFT(b, 69999), 0xAC) WHERE id = 3");
        var c = TableComparator.compare(LEFT.server(), RIGHT.server(), db);
        assertThat(c.identical()).isFalse();
        assertThat(c.report()).contains("1 row(s) only on the source, 1 only on the target")
                .contains("source only: ('3'").contains("target only: ('3'");
    }

    @Test
    void detectsMissingRow() {
        String db = sameTableOnBoth("missing_row");
        RIGHT.server().execute("DELETE FROM " + db + ".t WHERE id = 2");
        assertThatThrownBy(() -> TableComparator.assertIdentical(LEFT.server(), RIGHT.server(), db))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 row(s) only on the source, 0 only on the target")
                .hasMessageContaining("source only: ('2', NULL, '', NULL");
    }

    @Test
    void distinguishesNullFromEmptyAndTrailingSpace() {
        String db = sameTableOnBoth("null_empty");
        RIGHT.server().execute("UPDATE " + db + ".t SET s = NULL WHERE id = 2",
                "UPDATE " + db + ".t SET s = 'x' WHERE id = 3");
        var c = TableComparator.compare(LEFT.server(), RIGHT.server(), db);
        assertThat(c.report()).contains("2 row(s) only on the source, 2 only on the target");
    }

    @Test
    void countsDuplicateRowsInTablesWithoutKey() {
        String db = LEFT.server().newDatabase("dups");
        RIGHT.server().execute("DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db);
        for (var s : new DbServer[] {LEFT.server(), RIGHT.server()}) {
            s.execute("CREATE TABLE " + db + ".nokey (a INT, b VARCHAR(5))");
        }
        LEFT.server().execute("INSERT INTO " + db + ".nokey VALUES (1, 'a'), (1, 'a'), (2, 'b')");
        RIGHT.server().execute("INSERT INTO " + db + ".nokey VALUES (1, 'a'), (2, 'b'), (2, 'b')");
        var c = TableComparator.compare(LEFT.server(), RIGHT.server(), db);
        assertThat(c.report()).contains("1 row(s) only on the source, 1 only on the target");
    }

    @Test
    void reportsMissingTableAndDifferentColumns() {
        String db = sameTableOnBoth("schema");
        LEFT.server().execute("CREATE TABLE " + db + ".only_left (id INT)");
        RIGHT.server().execute("ALTER TABLE " + db + ".t MODIFY n DECIMAL(31,10)");
        var c = TableComparator.compare(LEFT.server(), RIGHT.server(), db);
        assertThat(c.report()).contains("only_left").contains("table missing on the target")
                .contains("column definitions differ");
    }
}
