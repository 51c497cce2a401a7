package io.iso2db.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A configuration file in the syntax of Python's {@code configparser} (which the original tool
 * reads with): {@code [section]} headers, {@code key = value} or {@code key: value}, whole-line
 * {@code #} and {@code ;} comments, values continued on more-indented lines, keys case-insensitive.
 * Problems are collected with their line, not thrown one at a time.
 */
public final class IniFile {

    /** One {@code key = value} with where it was written. */
    public record Entry(String section, String key, String value, int line) {
    }

    private final Path path;
    private final List<Entry> entries;
    private final List<String> problems;

    private IniFile(Path path, List<Entry> entries, List<String> problems) {
        this.path = path;
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** Reads and parses {@code path}; an unreadable file is one problem. */
    public static IniFile read(Path path) {
        try {
            return parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new IniFile(path, List.of(), List.of(path + ": cannot be read (" + e + ")"));
        }
    }

    static IniFile parse(Path path, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String section = null;
        int keyIndent = -1;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            int n = i + 1;
            int indent = raw.length() - raw.stripLeading().length();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                if (line.isEmpty()) {
                    keyIndent = -1;
                }
                continue;
            }
            if (keyIndent >= 0 && indent > keyIndent && !entries.isEmpty()) {
                Entry last = entries.remove(entries.size() - 1);
                entries.add(new Entry(last.section(), last.key(), last.value() + "\n" + line, last.line()));
                continue;
            }
            keyIndent = -1;
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    problems.add(path + ":" + n + ": '" + line + "' is not a section header: write [name]");
                    section = null;
                    continue;
                }
                section = line.substring(1, line.length() - 1).strip();
                if (!seen.add("[" + section.toLowerCase(Locale.ROOT) + "]")) {
                    problems.add(path + ":" + n + ": section [" + section + "] appears twice: merge them");
                }
                continue;
            }
            int eq = separator(line);
            if (eq <= 0) {
                problems.add(path + ":" + n + ": '" + line + "' is not 'key = value'");
                continue;
            }
            if (section == null) {
                problems.add(path + ":" + n + ": '" + line + "' comes before any [section] header");
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (!seen.add(section.toLowerCase(Locale.ROOT) + "/" + key)) {
                problems.add(path + ":" + n + ": [" + section + "] " + key + " is given twice: keep one");
            }
            entries.add(new Entry(section, key, value, n));
            keyIndent = indent;
        }
        return new IniFile(path, entries, problems);
    }

    /** The first {@code =} or {@code :}, as configparser splits. */
    private static int separator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    public Path path() {
        return path;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Syntax problems, each with file and line. */
    public List<String> problems() {
        return problems;
    }
}
