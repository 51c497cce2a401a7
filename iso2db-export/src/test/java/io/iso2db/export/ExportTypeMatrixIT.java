package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import io.iso2db.testkit.TypeMatrix;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type and edge value of the type matrix exported byte for byte, through LOAD DATA (the
 * default) and through multi-row INSERTs (the path taken when the target refuses local files):
 * zero dates, February 30th, the empty ENUM value, BIT(64), TIME beyond 24 hours and the rest.
 */
class ExportTypeMatrixIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @ParameterizedTest(name = "LOAD DATA allowed by the target: {0}")
    @ValueSource(booleans = {true, false})
    void everyValueOfTheTypeMatrixArrivesByteForByte(boolean loadData) throws SQLException {
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("export_types");
        try (Connection c = src.connect(db); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = '" + TypeMatrix.SOURCE_SQL_MODE + "'");
            for (TypeMatrix.Case k : TypeMatrix.CASES) {
                st.execute("CREATE TABLE t_" + k.name() + " (id INT PRIMARY KEY, v " + k.type() + ")");
                for (int i = 0; i < k.values().size(); i++) {
                    st.execute("INSERT INTO t_" + k.name() + " VALUES (" + i + ", " + k.values().get(i) + ")");
                }
            }
        }
        long loadsBefore = ExportTables.status(dst, "Com_load");
        long insertsBefore = ExportTables.status(dst, "Com_insert");
        dst.execute("SET GLOBAL local_infile = " + (loadData ? "ON" : "OFF"));
        try {
            Exporter.builder().source(ExportTables.admin(src)).target(ExportTables.admin(dst)).databases(db)
                    .threads(2).build().run();
        } finally {
            dst.execute("SET GLOBAL local_infile = ON");
        }

        List<String> differences = new ArrayList<>();
        for (TypeMatrix.Case k : TypeMatrix.CASES) {
            String select = "SELECT id, HEX(CAST(v AS BINARY)), v IS NULL FROM " + db + ".t_" + k.name() + " ORDER BY id";
            List<List<String>> s = src.query(select);
            List<List<String>> t = dst.query(select);
            assertThat(s).as(k.name() + " on the source").hasSize(k.values().size());
            if (!s.equals(t)) {
                differences.add(k.type() + ": source " + s + ", target " + t);
            }
        }
        assertThat(differences).as("values changed by the export").isEmpty();
        TableComparator.assertIdentical(src, dst, db);
        if (loadData) {
            assertThat(ExportTables.status(dst, "Com_load") - loadsBefore).as("chunks loaded with LOAD DATA").isPositive();
            assertThat(ExportTables.status(dst, "Com_insert") - insertsBefore).as("INSERTs").isZero();
        } else {
            assertThat(ExportTables.status(dst, "Com_insert") - insertsBefore).as("chunks written as INSERTs").isPositive();
        }
    }
}
