package io.iso2db.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSettingsTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            # the original tool's task file
            [global]
            server_id = 4101
            full = true
            threads: 2
            daemon = TRUE
            ignore = delete
            [source]
            host = 10.0.0.1
            port = 3307
            socket =
            user_name = repl
            user_password = s3cret-src
            databases = shop,
              crm
            binlog_file = mysql-bin.000003
            start_position = 120
            [destination]
            dhost = 10.0.0.2
            duser = apply
            dpassword = s3cret-dst
            binlog = False
            [status]
            shost = 10.0.0.3
            suser = st
            spassword = s3cret-st
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theOriginalSyntaxLoadsWithItsDefaultsAndContinuationLines() throws IOException {
        TaskSettings t = TaskSettings.load(write("orders.conf", GOOD));
        assertThat(t.name()).isEqualTo("orders");
        assertThat(t.serverId()).isEqualTo(4101);
        assertThat(t.full()).isTrue();
        assertThat(t.threads()).isEqualTo(2);
        assertThat(t.databases()).containsExactly("shop", "crm");
        assertThat(t.source().port()).isEqualTo(3307);
        assertThat(t.target().port()).isEqualTo(3306);
        assertThat(t.status().host()).isEqualTo("10.0.0.3");
        assertThat(t.start().toString()).contains("mysql-bin.000003").contains("120");
        assertThat(t.replicator().build().toString()).doesNotContain("s3cret");
        assertThat(t.toString()).doesNotContain("s3cret");
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnceWithLineSectionAndKey() throws IOException {
        Path p = write("bad.conf", """
                [global]
                server_id = 0
                full = maybe
                [source]
                host = h
                user_nmae = repl
                [destination]
                dhost = d
                duser = u
                [extra]
                x = 1
                """);
        assertThatThrownBy(() -> TaskSettings.load(p))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("bad.conf:2: [global] server_id: must be 1..4294967295, was 0")
                .hasMessageContaining("bad.conf:3: [global] full: 'maybe' is not a boolean: write True or False")
                .hasMessageContaining("bad.conf:6: [source] user_nmae is not a known key; did you mean user_name?")
                .hasMessageContaining("bad.conf:11: [extra] is not a section of a task file")
                .hasMessageContaining("[source] databases is required")
                .hasMessageContaining("[source] user_name is required")
                .hasMessageNotContaining("[global] server_id is required");
    }

    @Test
    void passwordsComeFromTheEnvironmentOrAFileAndAMissingOneIsNamed() throws IOException {
        write("pw.txt", "from-a-file\n");
        Path p = write("t.conf", GOOD.replace("s3cret-src", "file:pw.txt").replace("s3cret-dst", "env:ISO2DB_NO_SUCH_VAR"));
        assertThatThrownBy(() -> TaskSettings.load(p))
                .hasMessageContaining("t.conf:21: [destination] dpassword: environment variable ISO2DB_NO_SUCH_VAR is not set")
                .hasMessageNotContaining("from-a-file");
        TaskSettings t = TaskSettings.load(write("t2.conf", GOOD.replace("s3cret-src", "file:pw.txt")));
        assertThat(t.source().password()).isEqualTo("from-a-file");
    }

    @Test
    void keysThatCannotWorkTogetherAreRefusedByName() throws IOException {
        Path p = write("x.conf", GOOD.replace("socket =", "socket = /run/mysqld.sock")
                .replace("ignore = delete", "ignore = delete, truncate\ncert = c.pem\nroutes = shop:shop_eu"));
        assertThatThrownBy(() -> TaskSettings.load(p))
                .hasMessageContaining("[global] routes: full = True exports under the source names")
                .hasMessageContaining("[source] socket: connecting by Unix socket is not supported")
                .hasMessageContaining("[global] ignore: 'truncate' is not an operation")
                .hasMessageContaining("[global] key: cert and key go together");
    }

    @Test
    void failoverHostsAndTimeoutsMapToTheBuilderAndABadHostIsNamed() throws IOException {
        Path good = write("f.conf", GOOD.replace("start_position = 120", "start_position = 120\n"
                + "failover_hosts = 10.0.0.5:3306, replica-2:3307\nsource_timeout = 20")
                .replace("binlog = False", "binlog = False\ntarget_timeout = 0"));
        TaskSettings.load(good).replicator().build();   // builds: every value was taken
        Path bad = write("g.conf", GOOD.replace("start_position = 120", "start_position = 120\n"
                + "failover_hosts = 10.0.0.5, replica-2:99999"));
        assertThatThrownBy(() -> TaskSettings.load(bad))
                .hasMessageContaining("[source] failover_hosts: '10.0.0.5' is not host:port")
                .hasMessageContaining("'replica-2:99999' is not host:port");
    }

    @Test
    void aBuilderValueIsCheckedByTheSameDeclarationAsTheFile() {
        assertThatThrownBy(() -> io.iso2db.Replicator.builder().parallelApply(65))
                .hasMessageContaining("parallelApply must be 1..64, was 65 (configuration file: [global] parallel_apply)");
    }
}
