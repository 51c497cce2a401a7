package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.ConnectionSettings.Tls;
import io.iso2db.spi.CheckpointStore;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the binlog and JDBC connections, with a client certificate (seed ssl, cert, key). */
class TlsIT {

    @TempDir
    static Path certs;

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl %s: %s", cmd, out).isTrue();
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        boolean haveOpenssl = Files.isExecutable(Path.of("/usr/bin/openssl"));
        Assumptions.assumeTrue(haveOpenssl, "openssl is needed to make test certificates");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=iso2db-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=some-other-ca");
        // X.509 v3 with extensions: WolfSSL builds (the embedded MariaDB 11.4) reject v1 client certificates
        Files.writeString(certs.resolve("v3.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=clientAuth,serverAuth\n");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", "/CN=iso2db-" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", who + ".pem", "-days", "2", "-extfile", "v3.ext");
        }
        openssl("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
    }

    private static MariaDbServer tlsServer(int serverId) {
        return MariaDbServer.builder().serverId(serverId).extraArgs("--ssl", "--ssl-ca=" + certs.resolve("ca.pem"),
                "--ssl-cert=" + certs.resolve("server.pem"), "--ssl-key=" + certs.resolve("server.key")).start();
    }

    @Test
    void replicatesOverTlsWithAClientCertificateAndRefusesWithoutOne() {
        try (MariaDbServer source = tlsServer(1); MariaDbServer target = tlsServer(2); LogCapture logs = new LogCapture()) {
            source.execute("CREATE USER tls_repl IDENTIFIED BY 'tls-Pw-1' REQUIRE X509",
                    "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO tls_repl");
            target.execute("CREATE USER tls_apply IDENTIFIED BY 'tls-Pw-2' REQUIRE SSL",
                    "GRANT ALL PRIVILEGES ON *.* TO tls_apply");
            String db = source.newDatabase("tls");
            source.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARBINARY(20))");
            Servers.copySchema(source, target, db);
            ConnectionSettings plainSource = ConnectionSettings.of(source.host(), source.port(), "tls_repl", "tls-Pw-1");
            ConnectionSettings src = plainSource.withClientCertificate(certs.resolve("client.pem"), certs.resolve("client.key"))
                    .withCaCertificate(certs.resolve("ca.pem")).withTls(Tls.VERIFY_CA);
            ConnectionSettings dst = ConnectionSettings.of(target.host(), target.port(), "tls_apply", "tls-Pw-2")
                    .withTls(Tls.REQUIRED);

            try (Replicator r = Replicator.builder().name("tls").serverId(1301).source(src).target(dst).databases(db)
                    .build()) {
                r.start();
                source.execute("INSERT INTO " + db + ".t VALUES (1, 0x00FF), (2, 'secret')");
                r.awaitCaughtUp(Duration.ofSeconds(30));
            }
            TableComparator.assertIdentical(source, target, db);
            assertThat(target.queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("2");

            // the certificate is what lets the source user in
            assertThatThrownBy(() -> start(plainSource.withTls(Tls.REQUIRED), dst, db))
                    .isInstanceOf(Iso2dbException.class)
                    .extracting(e -> ((Iso2dbException) e).code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            // a server whose certificate another CA signed is refused under VERIFY_CA, saying so
            assertThatThrownBy(() -> start(src.withCaCertificate(certs.resolve("other-ca.pem")), dst, db))
                    .isInstanceOfSatisfying(Iso2dbException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                        assertThat(e.getMessage()).contains("TLS handshake failed").contains("other-ca.pem")
                                .contains("signed by").doesNotContain("tls-Pw-1");
                    });
            // fault matrix row 15: no password in anything logged while connecting, failing and replicating
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains("tls-Pw-1") || l.contains("tls-Pw-2"));
        }
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() {
        ConnectionSettings s = ConnectionSettings.of("127.0.0.1", 3306, "u", "p")
                .withClientCertificate(certs.resolve("client.pem"), certs.resolve("pkcs1.key"));
        assertThatThrownBy(() -> Replicator.builder().name("tls-bad").serverId(1302).source(s)
                .target(ConnectionSettings.of("127.0.0.2", 3306, "u", "p")).databases("d").build().start())
                .isInstanceOf(Iso2dbException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .extracting(e -> ((Iso2dbException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    private static void start(ConnectionSettings src, ConnectionSettings dst, String db) {
        try (Replicator r = Replicator.builder().name("tls-refused").serverId(1303).source(src).target(dst)
                .databases(db).checkpointStore(CheckpointStores.inMemory()).build()) {
            r.start();
        }
    }
}
