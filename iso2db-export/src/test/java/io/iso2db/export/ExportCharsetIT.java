package io.iso2db.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Text in other character sets than the connection's arrives byte for byte, keys included (export and verify). */
class ExportCharsetIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void latin1AndOtherCharsetsAreCopiedByteForByteAndVerifiedEqual() {
        String db = SOURCE.server().newDatabase("charsets");
        SOURCE.server().execute("USE " + db,
                "CREATE TABLE l (k VARCHAR(20) CHARACTER SET latin1 NOT NULL PRIMARY KEY,"
                        + " v VARCHAR(20) CHARACTER SET latin1, g VARCHAR(20) CHARACTER SET greek, u VARCHAR(20) CHARACTER SET ucs2)",
                "INSERT INTO l VALUES (_utf8mb4 'café', _utf8mb4 'straße €', _utf8mb4 'αβγ', _utf8mb4 'ĀĒ')",
                "INSERT INTO l VALUES (_utf8mb4 'naïve', _utf8mb4 'déjà vu', NULL, _utf8mb4 '')",
                "INSERT INTO l SELECT CONCAT('k', seq, _utf8mb4 'é'), _utf8mb4 'ü', _utf8mb4 'ω', _utf8mb4 'ō' FROM seq_1_to_3000");
        Exporter.builder().source(ExportTables.admin(SOURCE.server())).target(ExportTables.admin(TARGET.server()))
                .databases(db).chunkRows(500).build().run();
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
        VerifyResult r = Verifier.builder().source(ExportTables.admin(SOURCE.server()))
                .target(ExportTables.admin(TARGET.server())).databases(db).chunkRows(500).build().run();
        assertThat(r.equal()).as(r.report()).isTrue();
        assertThat(r.rows()).isEqualTo(3002);

        TARGET.server().execute("UPDATE `" + db + "`.l SET v = _utf8mb4 'straße' WHERE k = _utf8mb4 'café'");
        VerifyResult found = Verifier.builder().source(ExportTables.admin(SOURCE.server()))
                .target(ExportTables.admin(TARGET.server())).databases(db).chunkRows(500).build().run();
        assertThat(found.tables().get(0).differences()).singleElement().satisfies(d -> {
            assertThat(d.key()).containsEntry("k", "café");
            assertThat(d.sourceRow()).containsEntry("v", "straße €");
            assertThat(d.targetRow()).containsEntry("v", "straße");
        });
    }
}
