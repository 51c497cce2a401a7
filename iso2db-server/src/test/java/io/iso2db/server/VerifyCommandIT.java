package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iso2db verify}: a task's copy compared with its source, differences by key, repair SQL that fixes them. */
class VerifyCommandIT {

    @TempDir
    Path dir;

    @Test
    void aCopyIsEqualThenEveryDifferenceIsNamedAndTheRepairSqlMakesItEqualAgain() throws Exception {
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer target = MariaDbServer.builder().serverId(2).start()) {
            source.execute("CREATE DATABASE shop", "USE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO shop.t SELECT seq, CONCAT('v', seq) FROM seq_1_to_500");
            Files.createDirectories(dir.resolve("include"));
            Files.writeString(dir.resolve("iso.conf"), "[global]\ninclude = include\n");
            Files.writeString(dir.resolve("include/shop.conf"), "[global]\nserver_id = 31\n[source]\nhost = 127.0.0.1\n"
                    + "port = " + source.port() + "\nuser_name = " + source.adminUser() + "\nuser_password = "
                    + source.adminPassword() + "\ndatabases = shop\n[destination]\ndhost = 127.0.0.1\ndport = "
                    + target.port() + "\nduser = " + target.adminUser() + "\ndpassword = " + target.adminPassword() + "\n");
            String conf = dir.resolve("iso.conf").toString();
            assertThat(Iso2dbCommandRunner.run("export", "-c", conf, "shop").exitCode()).isZero();

            Iso2dbCommandRunner.Result equal = Iso2dbCommandRunner.run("verify", "-c", conf, "shop");
            assertThat(equal.exitCode()).as(equal.output()).isZero();
            assertThat(equal.output()).contains("EQUAL").contains("500 rows");

            target.execute("UPDATE shop.t SET v = 'changed' WHERE id = 7", "DELETE FROM shop.t WHERE id = 9");
            Path repair = dir.resolve("repair.sql");
            Iso2dbCommandRunner.Result different = Iso2dbCommandRunner.run("verify", "-c", conf, "shop",
                    "--repair-sql", repair.toString());
            assertThat(different.exitCode()).as(different.output()).isEqualTo(1);
            assertThat(different.output()).contains("DIFFERENT").contains("1 missing on target").contains("1 different")
                    .contains("id=7").contains("id=9").doesNotContain(target.adminPassword());
            try (Connection c = target.connect("shop"); Statement st = c.createStatement()) {
                for (String sql : Files.readAllLines(repair)) {
                    st.execute(sql);
                }
            }
            Iso2dbCommandRunner.Result repaired = Iso2dbCommandRunner.run("verify", "-c", conf, "shop");
            assertThat(repaired.exitCode()).as(repaired.output()).isZero();
        }
    }
}
