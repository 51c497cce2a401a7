package io.iso2db.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs where Docker exists; elsewhere each case is reported as skipped. */
class MySqlContainerServerIT {

    @ParameterizedTest
    @ValueSource(strings = {"5.7", "8.0"})
    void mysqlContainerIsAGtidReplicationSource(String tag) {
        try (MySqlContainerServer server = MySqlContainerServer.start(tag, 11)) {
            assertThat(server.flavor()).isEqualTo(DbServer.Flavor.MYSQL);
            assertThat(server.queryValue("SELECT @@gtid_mode")).isEqualTo("ON");
            String db = server.newDatabase("mysql_smoke");
            server.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
            assertThat(server.queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("1");
        }
    }
}
