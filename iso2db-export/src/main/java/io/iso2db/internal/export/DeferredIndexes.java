package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table's plain secondary indexes, split off its {@code CREATE TABLE} to be built after the
 * load: one sorted index build is cheaper than keeping the index up to date row by row. The rule:
 * only non-unique {@code KEY}s move (unique keys, full-text and spatial indexes stay, so a
 * duplicate still fails where it happens), and none of a table with foreign keys (they need
 * their indexes from the start).
 *
 * @param create the CREATE TABLE to run before the load
 * @param alter  the ALTER TABLE that adds the indexes after it, or null when nothing was moved
 */
record DeferredIndexes(String create, String alter) {

    static DeferredIndexes of(TableId id, String create) {
        String upper = create.toUpperCase(Locale.ROOT);
        if (upper.contains("FOREIGN KEY") || upper.contains(" REFERENCES ")) {
            return new DeferredIndexes(create, null);
        }
        List<String> kept = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String line : create.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("KEY `")) {
                keys.add(s.endsWith(",") ? s.substring(0, s.length() - 1) : s);
            } else {
                kept.add(line);
            }
        }
        if (keys.isEmpty()) {
            return new DeferredIndexes(create, null);
        }
        for (int i = 1; i < kept.size(); i++) {
            if (kept.get(i).startsWith(")")) {   // the definition list ends: its last entry takes no comma
                String last = kept.get(i - 1);
                if (last.endsWith(",")) {
                    kept.set(i - 1, last.substring(0, last.length() - 1));
                }
                break;
            }
        }
        return new DeferredIndexes(String.join("\n", kept),
                "ALTER TABLE " + id.quoted() + " " + String.join(", ", keys.stream().map(k -> "ADD " + k).toList()));
    }
}
