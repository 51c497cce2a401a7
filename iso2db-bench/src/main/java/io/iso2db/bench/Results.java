package io.iso2db.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measurements of one benchmark run: printed as a Markdown table and written to
 * {@code RESULTS.md} and {@code results.json} (path from {@code -Dbench.results=DIR}, else not written).
 */
final class Results {

    /** One comparison; {@code higherIsBetter} decides the ratio's direction (iso2db / reference, or the inverse). */
    record Row(String measure, String unit, double iso2db, double reference, String referenceName, boolean higherIsBetter) {
        double ratio() {
            if (reference <= 0 || iso2db <= 0) {
                return Double.NaN;
            }
            return higherIsBetter ? iso2db / reference : reference / iso2db;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String measure, String unit, double iso2db, double reference, String referenceName,
                          boolean higherIsBetter) {
        Row r = new Row(measure, unit, iso2db, reference, referenceName, higherIsBetter);
        rows.add(r);
        System.out.printf("  %s: iso2db %s %s, %s %s → ratio %.2f%n", measure, fmt(iso2db), unit, referenceName,
                fmt(reference), r.ratio());
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("  note: " + text);
    }

    String markdown(String machine, String versions, String mode) {
        StringBuilder md = new StringBuilder();
        md.append("# iso2db benchmark results\n\n").append("Run ").append(LocalDate.now()).append(" (").append(mode)
                .append(") on ").append(machine).append("; ").append(versions).append(".\n")
                .append("Each ratio compares figures measured in the same run on the same servers and data;")
                .append(" ratio > 1 means iso2db is better (faster, or lower lag/memory). Every copy was verified")
                .append(" identical to its source.\n\n")
                .append("| measure | iso2db | reference | ratio |\n|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.measure()).append(" (").append(r.unit()).append(") | ").append(fmt(r.iso2db()))
                    .append(" | ").append(fmt(r.reference())).append(" (").append(r.referenceName()).append(") | ")
                    .append(Double.isNaN(r.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", r.ratio())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    String json(String machine, String versions, String mode) {
        StringBuilder j = new StringBuilder("{\n  \"date\": \"" + LocalDate.now() + "\", \"mode\": \"" + mode
                + "\", \"machine\": \"" + esc(machine) + "\", \"versions\": \"" + esc(versions) + "\",\n  \"results\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            j.append(String.format(Locale.ROOT, "    {\"measure\": \"%s\", \"unit\": \"%s\", \"iso2db\": %.3f,"
                            + " \"reference\": %.3f, \"referenceName\": \"%s\", \"ratio\": %s}%s%n", esc(r.measure()),
                    esc(r.unit()), r.iso2db(), r.reference(), esc(r.referenceName()),
                    Double.isNaN(r.ratio()) ? "null" : String.format(Locale.ROOT, "%.3f", r.ratio()),
                    i + 1 < rows.size() ? "," : ""));
        }
        return j.append("  ],\n  \"notes\": [").append(String.join(", ", notes.stream().map(n -> "\"" + esc(n) + "\"").toList()))
                .append("]\n}\n").toString();
    }

    void write(String machine, String versions, String mode) {
        System.out.println();
        System.out.print(markdown(machine, versions, mode));
        String dir = System.getProperty("bench.results");
        if (dir == null) {
            return;
        }
        try {
            Path file = Path.of(dir, "RESULTS.md");
            Files.writeString(file, markdown(machine, versions, mode) + keptSection(file));
            Files.writeString(Path.of(dir, "results.json"), json(machine, versions, mode));
            System.out.println("Written to " + Path.of(dir, "RESULTS.md") + " and results.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section measured by tests rather than by this suite ({@value #KEPT}), carried over from the old file. */
    private static String keptSection(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String old = Files.readString(file);
        int at = old.indexOf(KEPT);
        return at < 0 ? "" : "\n" + old.substring(at);
    }

    private static final String KEPT = "## Measured by tests";

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
