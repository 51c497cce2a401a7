package io.iso2db.internal.config;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key, declared once: its name and section in the configuration files, the
 * builder method it corresponds to, its type, range, default and whether it is a secret. The file
 * loader parses and validates with it; the builders validate with {@link #check(long)} so both
 * say the same thing.
 */
public final class Key {

    /** The value types of the configuration files. */
    public enum Type { BOOLEAN, INTEGER, TEXT, LIST, CHOICE }

    private final String name;
    private final Section section;
    private final Type type;
    private final String option;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final List<String> choices;
    private final boolean secret;
    private final boolean original;
    private final String doc;

    private Key(String name, Section section, Type type, String option, String defaultValue, long min, long max,
                List<String> choices, boolean secret, boolean original, String doc) {
        this.name = name;
        this.section = section;
        this.type = type;
        this.option = option;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.secret = secret;
        this.original = original;
        this.doc = doc;
    }

    static Key bool(String name, Section section, boolean dflt, String option, String doc) {
        return new Key(name, section, Type.BOOLEAN, option, dflt ? "True" : "False", 0, 0, List.of(), false, true, doc);
    }

    /** A boolean whose default depends on other keys (the doc says how): unset unless written. */
    static Key boolUnset(String name, Section section, String option, String doc) {
        return new Key(name, section, Type.BOOLEAN, option, null, 0, 0, List.of(), false, true, doc);
    }

    static Key integer(String name, Section section, long min, long max, Long dflt, String option, String doc) {
        return new Key(name, section, Type.INTEGER, option, dflt == null ? null : Long.toString(dflt), min, max,
                List.of(), false, true, doc);
    }

    static Key text(String name, Section section, String dflt, String option, String doc) {
        return new Key(name, section, Type.TEXT, option, dflt, 0, 0, List.of(), false, true, doc);
    }

    static Key list(String name, Section section, String option, String doc) {
        return new Key(name, section, Type.LIST, option, null, 0, 0, List.of(), false, true, doc);
    }

    static Key choice(String name, Section section, String dflt, String option, String doc, String... choices) {
        return new Key(name, section, Type.CHOICE, option, dflt, 0, 0, List.of(choices), false, true, doc);
    }

    /** A password: never logged, may be given as {@code env:NAME} or {@code file:/path}. */
    Key secret() {
        return new Key(name, section, type, option, defaultValue, min, max, choices, true, original, doc);
    }

    /** A key the original tool does not have (an iso2db extension). */
    Key extension() {
        return new Key(name, section, type, option, defaultValue, min, max, choices, secret, false, doc);
    }

    public String name() {
        return name;
    }

    public Section section() {
        return section;
    }

    public Type type() {
        return type;
    }

    /** The builder method (library users' name for the same setting), or "" when there is none. */
    public String option() {
        return option;
    }

    /** The default as written in a file, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean isSecret() {
        return secret;
    }

    /** Whether the original tool has this key (else it is an iso2db extension). */
    public boolean isOriginal() {
        return original;
    }

    public String doc() {
        return doc;
    }

    /** Allowed values of a {@link Type#CHOICE} key, or of an integer its range, as text. */
    public String allowed() {
        return switch (type) {
            case BOOLEAN -> "True or False";
            case INTEGER -> min + ".." + max;
            case CHOICE -> String.join(", ", choices);
            case LIST -> "comma-separated list";
            case TEXT -> "text";
        };
    }

    /** Where this key lives, e.g. {@code [source] user_password}. */
    public String where() {
        return section.label() + " " + name;
    }

    /**
     * Validates a value given through the builder: the same range the file loader enforces.
     *
     * @throws Iso2dbException {@code INVALID_CONFIGURATION} naming the builder method
     */
    public long check(long value) {
        if (value < min || value > max) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, option + " must be " + allowed() + ", was "
                    + value + " (configuration file: " + where() + ")");
        }
        return value;
    }

    /**
     * Parses a value as written in a file.
     *
     * @throws IllegalArgumentException with what is wrong and what is allowed (no file position)
     */
    Object parse(String raw) {
        String v = raw.strip();
        return switch (type) {
            case BOOLEAN -> parseBoolean(v);
            case INTEGER -> parseInteger(v);
            case TEXT -> v;
            case LIST -> parseList(v);
            case CHOICE -> parseChoice(v);
        };
    }

    private Boolean parseBoolean(String v) {
        // the original tool reads these with Python's configparser: True/False in any case, and its synonyms
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return Boolean.TRUE;
            case "false", "no", "off", "0":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("'" + v + "' is not a boolean: write True or False");
        }
    }

    private Long parseInteger(String v) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number (" + allowed() + ")");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be " + allowed() + ", was " + n);
        }
        return n;
    }

    private List<String> parseList(String v) {
        List<String> items = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                items.add(s.strip());
            }
        }
        return List.copyOf(items);
    }

    private String parseChoice(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw new IllegalArgumentException("'" + v + "' is not one of " + allowed());
        }
        return lower;
    }

    @Override
    public String toString() {
        return where();
    }

    static List<Key> listOf(Key... keys) {
        return List.copyOf(Arrays.asList(keys));
    }
}
