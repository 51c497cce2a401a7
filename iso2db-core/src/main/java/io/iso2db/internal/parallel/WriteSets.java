package io.iso2db.internal.parallel;

import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which earlier unit each unit must wait for: the last one that wrote a row with the same key
 * (before or after image), and, for tables whose rows are not independent (a second unique key,
 * triggers, foreign keys, no key), the last one that wrote any such table: those are applied one
 * unit at a time. Keys that may be equal on the server must be equal here: text is compared
 * loosely (case, accents, trailing spaces and punctuation ignored), so two keys a collation takes
 * as one never run in parallel; a loose match costs only parallelism.
 */
final class WriteSets {

    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    /** Shared by every table whose rows are not independent. */
    private static final Object DEPENDENT_TABLES = new Object();
    private static final int PRUNE_AT = 200_000;

    private final Map<Object, Long> lastWriter = new HashMap<>();

    /** Records that {@code unit} writes {@code op}'s rows and raises its dependency to their last writers. */
    void add(Unit unit, RowOp op) {
        TableSchema s = op.schema();
        if (!s.transactional()) {
            dependOnAll(unit);   // its rows stay even if the unit is rolled back: it runs once every earlier unit committed
        }
        if (!s.independentRows()) {
            depend(unit, DEPENDENT_TABLES);
            return;
        }
        if (op.before() != null) {
            depend(unit, key(s, op.before()));
        }
        if (op.after() != null) {
            depend(unit, key(s, op.after()));
        }
    }

    /** A unit that must follow everything before it (the serial fallback after a lock conflict). */
    void dependOnAll(Unit unit) {
        unit.dependsOn = unit.seq - 1;
    }

    private void depend(Unit unit, Object key) {
        Long last = lastWriter.put(key, unit.seq);
        if (last != null && last < unit.seq && last > unit.dependsOn) {
            unit.dependsOn = last;
        }
    }

    /** Drops keys whose last writer committed (they constrain nothing any more). */
    void prune(long committed) {
        if (lastWriter.size() > PRUNE_AT) {
            lastWriter.values().removeIf(seq -> seq <= committed);
        }
    }

    void clear() {
        lastWriter.clear();
    }

    private static Object key(TableSchema s, Object[] image) {
        List<Object> key = new ArrayList<>(s.keyColumns().size() + 1);
        key.add(s.id());
        for (int c : s.keyColumns()) {
            key.add(value(s.column(c), image[c]));
        }
        return key;
    }

    private static Object value(ColumnInfo column, Object v) {
        if (TEXT.contains(column.dataType())) {
            String text = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
            return loose(text);
        }
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        return v instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros() : v;
    }

    /** Letters and digits only, without accents, lower case: equal for every key a collation may take as equal. */
    static String loose(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT)
                .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("ı", "i");
        StringBuilder sb = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
