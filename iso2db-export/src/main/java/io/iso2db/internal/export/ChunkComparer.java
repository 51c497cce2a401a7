package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import io.iso2db.export.RowDifference.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one key range of a table between the source and the target snapshot: checksums first
 * (computed by each server); when they differ, the range is split by the rows' hash prefix (one
 * hex digit per step, each half compared by checksum again) until a part is small enough to fetch
 * its rows' hashes, which are matched by key (or as a multiset without a unique key).
 */
final class ChunkComparer {

    /** Rows whose hashes are fetched at once; larger differing parts are split first. */
    static final int FETCH_ROWS = 20_000;

    private final Connection source;
    private final Connection target;

    ChunkComparer(Connection source, Connection target) {
        this.source = source;
        this.target = target;
    }

    /** Compares the rows of {@code where}; returns the source rows counted. */
    long compare(TableTally tally, String where) throws SQLException {
        long[] s = checksum(source, tally.table, tally.table.id(), where);
        long[] t = checksum(target, tally.table, tally.target, where);
        if (s[0] != t[0] || s[1] != t[1]) {
            tally.differingChunk();
            narrow(tally, where, "", s, t);
        }
        return s[0];
    }

    private void narrow(TableTally tally, String where, String prefix, long[] s, long[] t) throws SQLException {
        if (Math.max(s[0], t[0]) <= FETCH_ROWS || prefix.length() >= 8) {
            diffRows(tally, RowHashSql.withPrefix(tally.table, where, prefix));
            return;
        }
        for (char d : "0123456789abcdef".toCharArray()) {
            String part = RowHashSql.withPrefix(tally.table, where, prefix + d);
            long[] ps = checksum(source, tally.table, tally.table.id(), part);
            long[] pt = checksum(target, tally.table, tally.target, part);
            if (ps[0] != pt[0] || ps[1] != pt[1]) {
                narrow(tally, where, prefix + d, ps, pt);
            }
        }
    }

    private void diffRows(TableTally tally, String where) throws SQLException {
        Map<String, Row> onSource = rows(source, tally, tally.table.id(), where);
        Map<String, Row> onTarget = rows(target, tally, tally.target, where);
        Set<String> ids = new HashSet<>(onSource.keySet());
        ids.addAll(onTarget.keySet());
        for (String id : ids) {
            Row s = onSource.get(id);
            Row t = onTarget.get(id);
            if (tally.keyed()) {
                if (s == null) {
                    tally.found(Kind.EXTRA_ON_TARGET, t.key, t.hash, this);
                } else if (t == null) {
                    tally.found(Kind.MISSING_ON_TARGET, s.key, s.hash, this);
                } else if (!s.hash.equals(t.hash)) {
                    tally.found(Kind.DIFFERENT, s.key, s.hash, this);
                }
            } else {
                int surplus = (s == null ? 0 : s.count) - (t == null ? 0 : t.count);
                for (int i = 0; i < Math.abs(surplus); i++) {
                    String hash = s != null ? s.hash : t.hash;
                    tally.found(surplus > 0 ? Kind.MISSING_ON_TARGET : Kind.EXTRA_ON_TARGET, null, hash, this);
                }
            }
        }
    }

    /** A row's hash and key (keyed tables, by key), or a hash and how often it occurs (multiset). */
    private record Row(String hash, byte[][] key, int count) {
    }

    private static Map<String, Row> rows(Connection c, TableTally tally, TableId id, String where) throws SQLException {
        List<Integer> key = tally.key;
        Map<String, Row> out = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(RowHashSql.hashes(tally.table, key, id, where))) {
            while (rs.next()) {
                String hash = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.US_ASCII);
                if (key.isEmpty()) {
                    out.merge(hash, new Row(hash, null, 1), (a, b) -> new Row(hash, null, a.count + 1));
                } else {
                    byte[][] k = new byte[key.size()][];
                    StringBuilder keyText = new StringBuilder();
                    for (int i = 0; i < k.length; i++) {
                        k[i] = rs.getBytes(i + 2);
                        keyText.append(k[i] == null ? "N" : java.util.HexFormat.of().formatHex(k[i])).append('/');
                    }
                    out.put(keyText.toString(), new Row(hash, k, 1));
                }
            }
        }
        return out;
    }

    /** The row's raw column values on one side, or null when it is not there. */
    byte[][] image(TableTally tally, boolean onSource, byte[][] key, String hash) throws SQLException {
        Connection c = onSource ? source : target;
        TableId id = onSource ? tally.table.id() : tally.target;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(RowHashSql.row(tally.table, id, tally.key, key, hash))) {
            if (!rs.next()) {
                return null;
            }
            byte[][] out = new byte[tally.table.columns().size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getBytes(i + 1);
            }
            return out;
        }
    }

    private static long[] checksum(Connection c, ExportTable table, TableId id, String where) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RowHashSql.checksum(table, id, where))) {
            rs.next();
            return new long[] {rs.getLong(1), new java.math.BigDecimal(new String(rs.getBytes(2),
                    java.nio.charset.StandardCharsets.US_ASCII)).longValue()};
        }
    }
}
