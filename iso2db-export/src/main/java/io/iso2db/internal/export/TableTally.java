package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import io.iso2db.export.RowDifference;
import io.iso2db.export.RowDifference.Kind;
import io.iso2db.export.TableVerdict;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a verify found in one table so far: counts, the first differing rows with both images, and
 * (when asked) the statements that would repair the target. Shared by the workers comparing the
 * table's chunks.
 */
final class TableTally {

    /** Repair statements built per table at most; past it the table is better copied again. */
    static final int REPAIR_LIMIT = 10_000;

    final ExportTable table;
    final TableId target;
    /** The unique key rows are matched by (indexes into the columns); empty: rows compare as a multiset. */
    final List<Integer> key;
    private final int reportRows;
    private final boolean repair;
    private long rows;
    private int chunks;
    private int differingChunks;
    private final long[] counts = new long[Kind.values().length];
    private final List<RowDifference> samples = new ArrayList<>();
    private final List<String> repairSql = new ArrayList<>();

    TableTally(ExportTable table, TableId target, List<Integer> key, int reportRows, boolean repair) {
        this.table = table;
        this.target = target;
        this.key = List.copyOf(key);
        this.reportRows = reportRows;
        this.repair = repair;
    }

    boolean keyed() {
        return !key.isEmpty();
    }

    synchronized void chunkDone(long sourceRows) {
        rows += sourceRows;
        chunks++;
    }

    synchronized void differingChunk() {
        differingChunks++;
    }

    synchronized long differences() {
        return counts[0] + counts[1] + counts[2];
    }

    /** A differing row: counted; its images read when it is reported or repaired. */
    void found(Kind kind, byte[][] rowKey, String hash, ChunkComparer comparer) throws SQLException {
        boolean sample;
        boolean fix;
        synchronized (this) {
            counts[kind.ordinal()]++;
            sample = samples.size() < reportRows;
            fix = repair && repairSql.size() < REPAIR_LIMIT;
        }
        if (!sample && !fix) {
            return;
        }
        byte[][] src = kind == Kind.EXTRA_ON_TARGET ? null : comparer.image(this, true, rowKey, hash);
        byte[][] dst = kind == Kind.MISSING_ON_TARGET ? null : comparer.image(this, false, rowKey, hash);
        synchronized (this) {
            if (sample && samples.size() < reportRows) {
                byte[][] any = src != null ? src : dst;
                samples.add(new RowDifference(kind, keyed() ? shown(any, key) : shown(any, null), shown(src, null),
                        shown(dst, null)));
            }
            if (fix && repairSql.size() < REPAIR_LIMIT) {
                repairSql.add(RepairSql.statement(kind, table, target, key, src, dst));
            }
        }
    }

    synchronized TableVerdict verdict() {
        return new TableVerdict(table.id(), target, rows, chunks, differingChunks, counts[Kind.MISSING_ON_TARGET.ordinal()],
                counts[Kind.EXTRA_ON_TARGET.ordinal()], counts[Kind.DIFFERENT.ordinal()], samples, keyed());
    }

    synchronized List<String> repairSql() {
        return List.copyOf(repairSql);
    }

    /** Column name to displayed value, for the given columns (null: all); null for an absent row. */
    private Map<String, String> shown(byte[][] values, List<Integer> which) {
        if (values == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (which == null || which.contains(i)) {
                ExportColumn c = table.columns().get(i);
                out.put(c.name(), display(c, values[i]));
            }
        }
        return out;
    }

    /** Values arrive as the columns' own bytes (the session's results charset is binary). */
    private static String display(ExportColumn c, byte[] v) {
        if (v == null) {
            return null;
        }
        return switch (c.kind()) {
            case BIT -> new BigInteger(1, v).toString();
            case BYTES -> c.charset() == null ? "0x" + java.util.HexFormat.of().formatHex(v) : new String(v, javaCharset(c.charset()));
            default -> new String(v, StandardCharsets.UTF_8);
        };
    }

    private static Charset javaCharset(String mysql) {
        return switch (mysql) {
            case "latin1" -> Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf32" -> Charset.forName("UTF-32BE");
            default -> StandardCharsets.UTF_8;
        };
    }
}
