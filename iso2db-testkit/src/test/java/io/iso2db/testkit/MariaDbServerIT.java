package io.iso2db.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MariaDbServerIT {

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"EMBEDDED", "SYSTEM"})
    void keepsRowsAndBinlogAcrossKillAndRestart(Backend backend) throws SQLException {
        if (backend == Backend.SYSTEM) {
            Assumptions.assumeTrue(MariaDbBinaries.system().isPresent(), "no system mariadbd installed");
        }
        try (MariaDbServer server = MariaDbServer.builder().backend(backend).serverId(7).start()) {
            System.out.printf("[iso2db-testkit] backend=%s version=%s start=%d ms%n",
                    server.backend(), server.version(), server.startupMillis());
            assertThat(server.backend()).isEqualTo(backend.name().toLowerCase());
            assertThat(server.queryValue("SELECT @@server_id")).isEqualTo("7");
            assertThat(server.queryValue("SELECT @@binlog_format")).isEqualTo("ROW");
            assertThat(server.queryValue("SELECT @@binlog_row_metadata")).isEqualTo("FULL");

            String db = server.newDatabase("kill_restart");
            String before = server.query("SHOW MASTER STATUS").get(0).get(1);
            server.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            var status = server.query("SHOW MASTER STATUS").get(0);
            assertThat(Long.parseLong(status.get(1))).isGreaterThan(Long.parseLong(before));
            String gtid = server.queryValue("SELECT @@gtid_binlog_pos");
            assertThat(gtid).startsWith("0-7-");

            server.kill();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.connect().close()).isInstanceOf(SQLException.class);

            server.restart();
            assertThat(server.query("SELECT id, v FROM " + db + ".t ORDER BY id"))
                    .containsExactly(java.util.List.of("1", "one"), java.util.List.of("2", "two"),
                            java.util.List.of("3", "three"));
            assertThat(server.queryValue("SELECT @@gtid_binlog_pos")).isEqualTo(gtid);
            server.execute("INSERT INTO " + db + ".t VALUES (4, 'four')");
            assertThat(server.queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("4");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"EMBEDDED", "SYSTEM"})
    void replicationUserCanReadTheBinlogButNotWrite(Backend backend) throws SQLException {
        if (backend == Backend.SYSTEM) {
            Assumptions.assumeTrue(MariaDbBinaries.system().isPresent(), "no system mariadbd installed");
        }
        try (MariaDbServer server = MariaDbServer.builder().backend(backend).start();
             var c = java.sql.DriverManager.getConnection(server.jdbcUrl(null), server.replicationUser(),
                     server.replicationPassword());
             var st = c.createStatement()) {
            try (var rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("mysql-bin.");
            }
            assertThatThrownBy(() -> st.execute("CREATE DATABASE not_allowed"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"EMBEDDED"})
    void closeRemovesTheDataDirectory(Backend backend) {
        MariaDbServer server = MariaDbServer.builder().backend(backend).start();
        var dir = server.runDirectory();
        assertThat(dir).exists();
        server.close();
        assertThat(dir).doesNotExist();
        assertThat(server.isRunning()).isFalse();
    }
}
