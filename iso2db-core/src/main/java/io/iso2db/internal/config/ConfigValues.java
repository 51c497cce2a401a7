package io.iso2db.internal.config;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The values of one configuration file, each parsed and validated by its {@link Key}. Every
 * problem (syntax, unknown section or key, bad value, missing required key) is collected with
 * file, line, section and key; {@link #throwIfProblems()} reports them all at once.
 */
public final class ConfigValues {

    private final Path path;
    private final Map<Key, Object> values = new HashMap<>();
    private final Map<Key, Integer> lines = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Function<String, String> environment;

    private ConfigValues(Path path, Function<String, String> environment) {
        this.path = path;
        this.environment = environment;
    }

    /** Loads a task file: sections {@code [global] [source] [destination] [status]}. */
    public static ConfigValues task(Path file) {
        return load(IniFile.read(file), ConfigKeys.TASK_KEYS, false, System::getenv);
    }

    /** Loads {@code iso.conf}: its keys may stand in any section. */
    public static ConfigValues service(Path file) {
        return load(IniFile.read(file), ConfigKeys.SERVICE_KEYS, true, System::getenv);
    }

    static ConfigValues load(IniFile ini, List<Key> keys, boolean anySection, Function<String, String> env) {
        ConfigValues c = new ConfigValues(ini.path(), env);
        c.problems.addAll(ini.problems());
        for (IniFile.Entry e : ini.entries()) {
            Section section = anySection ? Section.SERVICE : Section.ofTaskHeader(e.section());
            if (section == null) {
                c.problems.add(c.at(e.line()) + "[" + e.section() + "] is not a section of a task file: use [global],"
                        + " [source], [destination] or [status]");
                continue;
            }
            Key key = find(keys, section, e.key());
            if (key == null) {
                c.problems.add(c.at(e.line()) + section.label() + " " + e.key() + " is not a known key"
                        + DidYouMean.of(e.key(), names(keys, section)));
                continue;
            }
            c.accept(key, e.value(), e.line());
        }
        return c;
    }

    private void accept(Key key, String raw, int line) {
        lines.put(key, line);
        try {
            String value = key.isSecret() ? secret(raw) : raw;
            if (value.isBlank() && key.type() != Key.Type.TEXT) {
                return;   // an empty value means "not set", as the original tool's sample files leave them
            }
            values.put(key, key.parse(value.replace('\n', key.type() == Key.Type.LIST ? ',' : ' ')));
        } catch (IllegalArgumentException e) {
            problems.add(at(line) + key.where() + ": " + e.getMessage());
        }
    }

    private String secret(String raw) {
        String v = raw.strip();
        if (v.startsWith("env:")) {
            String value = environment.apply(v.substring(4));
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + v.substring(4) + " is not set");
            }
            return value;
        }
        if (v.startsWith("file:")) {
            Path p = path.resolveSibling(v.substring(5));
            try {
                return Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password file " + p + " (" + e.getClass()
                        .getSimpleName() + ")");
            }
        }
        return raw;
    }

    private static Key find(List<Key> keys, Section section, String name) {
        for (Key k : keys) {
            if (k.section() == section && k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static List<String> names(List<Key> keys, Section section) {
        List<String> names = new ArrayList<>();
        for (Key k : keys) {
            if (k.section() == section) {
                names.add(k.name());
            }
        }
        return names;
    }

    /** Records that {@code keys} must be given (non-empty). */
    public ConfigValues require(Key... keys) {
        for (Key k : keys) {
            Object v = values.get(k);
            if (lines.containsKey(k) && v == null && !k.isSecret() && hasProblem(k)) {
                continue;   // given, but wrong: already reported
            }
            if (v == null || v.toString().isBlank() || (v instanceof Collection<?> c && c.isEmpty())) {
                problems.add(path + ": " + k.where() + " is required (" + k.doc() + ")");
            }
        }
        return this;
    }

    private boolean hasProblem(Key k) {
        return problems.stream().anyMatch(p -> p.contains(" " + k.where() + ":"));
    }

    /** Adds a problem about {@code key}, with the line it was written on when it was. */
    public void problem(Key key, String message) {
        Integer line = lines.get(key);
        problems.add((line == null ? path + ": " : at(line)) + key.where() + ": " + message);
    }

    public boolean has(Key key) {
        Object v = values.get(key);
        return v != null && !v.toString().isBlank();
    }

    public boolean bool(Key key) {
        Object v = values.get(key);
        return v != null ? (Boolean) v : Boolean.parseBoolean(key.defaultValue());
    }

    public long integer(Key key) {
        Object v = values.get(key);
        return v != null ? (Long) v : Long.parseLong(key.defaultValue());
    }

    public String text(Key key) {
        Object v = values.get(key);
        return v != null ? v.toString().strip() : key.defaultValue();
    }

    @SuppressWarnings("unchecked")
    public List<String> list(Key key) {
        Object v = values.get(key);
        return v != null ? (List<String>) v : List.of();
    }

    public Path path() {
        return path;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws Iso2dbException {@code INVALID_CONFIGURATION} listing every problem, one per line */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + " in " + path + ":\n  " + String.join("\n  ", problems));
        }
    }

    private String at(int line) {
        return path + ":" + line + ": ";
    }
}
