package io.iso2db.internal.jdbc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a server's error or warning text says beyond its code. */
public final class ServerMessages {

    /** MariaDB and MySQL name the column of a value error as {@code ... for column 'c' at row 1}. */
    private static final Pattern COLUMN = Pattern.compile("column '([^']+)'");

    /** Warning 1265, "Data truncated for column ...": also what an empty ENUM value written as '' gives. */
    public static final int DATA_TRUNCATED = 1265;

    private ServerMessages() {
    }

    /** The column a value error or warning names, lower case; empty when it names none. */
    public static Optional<String> column(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = COLUMN.matcher(message);
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
