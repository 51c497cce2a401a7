package io.iso2db.internal.config;

import java.util.Locale;

/** The sections of the configuration files. */
public enum Section {
    /** {@code iso.conf}: the service's own keys, in any section (the original files name it freely). */
    SERVICE,
    /** A task file's {@code [global]}. */
    GLOBAL,
    /** A task file's {@code [source]}. */
    SOURCE,
    /** A task file's {@code [destination]}. */
    DESTINATION,
    /** A task file's {@code [status]}. */
    STATUS;

    /** As written in a file, e.g. {@code [source]}; {@code iso.conf} for the service's keys. */
    public String label() {
        return this == SERVICE ? "iso.conf" : "[" + name().toLowerCase(Locale.ROOT) + "]";
    }

    /** The section of a task file with this header, or null. */
    static Section ofTaskHeader(String header) {
        for (Section s : values()) {
            if (s != SERVICE && s.name().equalsIgnoreCase(header.strip())) {
                return s;
            }
        }
        return null;
    }
}
