package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iso2db check}: every problem of the configuration, then of the servers, named where it is. */
class CheckCommandIT {

    @TempDir
    Path dir;

    private Path conf(String... tasks) throws IOException {
        Files.createDirectories(dir.resolve("include"));
        Files.writeString(dir.resolve("iso.conf"), "[global]\ninclude = include\n");
        for (int i = 0; i < tasks.length; i += 2) {
            Files.writeString(dir.resolve("include/" + tasks[i] + ".conf"), tasks[i + 1]);
        }
        return dir.resolve("iso.conf");
    }

    private static String task(MariaDbServer source, String sourcePassword, MariaDbServer target, int serverId) {
        return "[global]\nserver_id = " + serverId + "\n[source]\nhost = 127.0.0.1\nport = " + source.port()
                + "\nuser_name = " + source.replicationUser() + "\nuser_password = " + sourcePassword
                + "\ndatabases = shop\n[destination]\ndhost = 127.0.0.1\ndport = " + target.port() + "\nduser = "
                + target.adminUser() + "\ndpassword = " + target.adminPassword() + "\n";
    }

    @Test
    void aBrokenFileIsRefusedWithEveryProblemByFileAndLine() throws IOException {
        Path conf = conf("a", """
                [global]
                server_id = 7
                full = sometimes
                [source]
                host = h
                user_name = u
                passwrd = x
                [destination]
                dhost = d
                duser = u
                """);
        Iso2dbCommandRunner.Result r = Iso2dbCommandRunner.run("check", "-c", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output())
                .contains("a.conf:3: [global] full: 'sometimes' is not a boolean: write True or False")
                .contains("a.conf:7: [source] passwrd is not a known key")
                .contains("a.conf: [source] databases is required");
    }

    @Test
    void aWrongPasswordAndASourceWithoutBinlogAreEachNamedAndTheCheckFails() throws IOException {
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer noBinlog = MariaDbServer.builder().serverId(3).logBin(false).start();
             MariaDbServer target = MariaDbServer.builder().serverId(2).start()) {
            source.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)");
            noBinlog.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)");
            target.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)");
            Path conf = conf("good", task(source, source.replicationPassword(), target, 11),
                    "nobinlog", task(noBinlog, noBinlog.replicationPassword(), target, 12),
                    "wrongpw", task(source, "not-the-password", target, 13));
            Iso2dbCommandRunner.Result r = Iso2dbCommandRunner.run("check", "-c", conf.toString());
            assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).contains("good\tOK").contains("nobinlog\tBINLOG_DISABLED")
                    .contains("wrongpw\tAUTHENTICATION_FAILED").doesNotContain("not-the-password");
        }
    }
}
