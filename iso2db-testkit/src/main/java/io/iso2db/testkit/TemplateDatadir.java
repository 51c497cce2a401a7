package io.iso2db.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An initialised datadir with the testkit's users, made once per set of binaries and copied for
 * every new server: {@code mariadb-install-db} takes seconds, a copy takes milliseconds.
 */
final class TemplateDatadir {

    static final String ADMIN_USER = "iso2db_admin";
    static final String ADMIN_PASSWORD = "admin-Secret-1";
    static final String REPL_USER = "iso2db_repl";
    static final String REPL_PASSWORD = "repl-Secret-1";

    private TemplateDatadir() {
    }

    static Path forBinaries(MariaDbBinaries binaries) {
        Path root = TestkitFiles.cacheDir().resolve("template-" + binaries.label());
        Path data = root.resolve("data");
        TestkitFiles.onceUnderLock(root, ".ready", () -> {
            TestkitFiles.deleteQuietly(data);
            install(binaries, root, data);
        });
        return data;
    }

    private static void install(MariaDbBinaries binaries, Path root, Path data) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                "--datadir=" + data, "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--force"));
        if (binaries.basedir() != null) {
            cmd.add("--basedir=" + binaries.basedir());
        }
        run(cmd, root.resolve("install.log"));

        Path init = root.resolve("init.sql");
        Files.writeString(init, String.join("\n",
                "CREATE USER '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;",
                "CREATE USER '" + REPL_USER + "'@'%' IDENTIFIED BY '" + REPL_PASSWORD + "';",
                "GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, REPLICATION CLIENT,"
                        + " REPLICATION MASTER ADMIN ON *.* TO '" + REPL_USER + "'@'%';",
                ""));
        // One start with --init-file creates the users and resizes the redo log; then a clean shutdown.
        MariaDbServer bootstrap = new MariaDbServer(MariaDbServer.builder().binaries(binaries).logBin(false)
                .extraArgs("--init-file=" + init), data, false);
        try {
            bootstrap.startProcess();
        } finally {
            bootstrap.stop();
        }
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Command failed: " + String.join(" ", cmd) + "\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + cmd.get(0), e);
        }
    }
}
