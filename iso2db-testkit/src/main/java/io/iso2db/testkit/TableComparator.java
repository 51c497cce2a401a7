package io.iso2db.testkit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Proves that two servers hold identical rows: every column of every row, compared as the
 * stored bytes ({@code CAST(col AS BINARY)}), NULL distinct from empty, rows as a multiset
 * (order-independent, duplicates counted). Column definitions are compared too. On a mismatch
 * the report shows the differing rows of each side.
 */
public final class TableComparator {

    private static final int MAX_SHOWN = 10;

    private TableComparator() {
    }

    /** Compares every base table of {@code database} (tables on either side) between two servers. */
    public static Comparison compare(DbServer source, DbServer target, String database) {
        Set<String> tables = new LinkedHashSet<>(tablesOf(source, database));
        tables.addAll(tablesOf(target, database));
        return compare(source, database, target, database, tables);
    }

    /** Compares the named tables of {@code sourceDb} on one server with {@code targetDb} on another. */
    public static Comparison compare(DbServer source, String sourceDb, DbServer target, String targetDb,
                                     Collection<String> tables) {
        List<TableResult> results = new ArrayList<>();
        try (Connection s = open(source, sourceDb); Connection t = open(target, targetDb)) {
            for (String table : tables) {
                results.add(compareTable(s, sourceDb, t, targetDb, table));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Comparison of " + sourceDb + " failed: " + e.getMessage(), e);
        }
        return new Comparison(results);
    }

    /** Throws an {@link AssertionError} with the differences unless both sides are identical. */
    public static Comparison assertIdentical(DbServer source, DbServer target, String database) {
        Comparison c = compare(source, target, database);
        if (!c.identical()) {
            throw new AssertionError("Source and target differ in database " + database + ":\n" + c.report());
        }
        return c;
    }

    /** Base tables of a database, in name order. */
    public static List<String> tablesOf(DbServer server, String database) {
        List<String> names = new ArrayList<>();
        for (List<String> row : server.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + database.replace("'", "''") + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            names.add(row.get(0));
        }
        return names;
    }

    private static Connection open(DbServer server, String db) throws SQLException {
        Connection c = server.connect(db);
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    private static TableResult compareTable(Connection s, String sDb, Connection t, String tDb, String table)
            throws SQLException {
        List<String> sCols = columns(s, sDb, table);
        List<String> tCols = columns(t, tDb, table);
        List<String> problems = new ArrayList<>();
        if (sCols.isEmpty() || tCols.isEmpty()) {
            problems.add("table missing on the " + (sCols.isEmpty() ? "source" : "target"));
            return new TableResult(table, 0, 0, problems);
        }
        if (!sCols.equals(tCols)) {
            problems.add("column definitions differ:\n    source " + sCols + "\n    target " + tCols);
            return new TableResult(table, 0, 0, problems);
        }
        String select = selectAll(s, sDb, table);
        Map<Digest, Integer> balance = new HashMap<>();
        long[] counts = new long[2];
        scan(s, select.replace("{db}", quote(sDb)), row -> {
            balance.merge(Digest.of(row), 1, Integer::sum);
            counts[0]++;
        });
        scan(t, select.replace("{db}", quote(tDb)), row -> {
            balance.merge(Digest.of(row), -1, Integer::sum);
            counts[1]++;
        });
        balance.values().removeIf(v -> v == 0);
        if (!balance.isEmpty()) {
            problems.add(describe(s, t, select, sDb, tDb, balance));
        }
        return new TableResult(table, counts[0], counts[1], problems);
    }

    private static String describe(Connection s, Connection t, String select, String sDb, String tDb,
                                   Map<Digest, Integer> balance) throws SQLException {
        List<String> onlySource = new ArrayList<>();
        List<String> onlyTarget = new ArrayList<>();
        scan(s, select.replace("{db}", quote(sDb)), row -> {
            Integer b = balance.get(Digest.of(row));
            if (b != null && b > 0 && onlySource.size() < MAX_SHOWN) {
                onlySource.add(render(row));
            }
        });
        scan(t, select.replace("{db}", quote(tDb)), row -> {
            Integer b = balance.get(Digest.of(row));
            if (b != null && b < 0 && onlyTarget.size() < MAX_SHOWN) {
                onlyTarget.add(render(row));
            }
        });
        int surplus = balance.values().stream().filter(v -> v > 0).mapToInt(Integer::intValue).sum();
        int extra = -balance.values().stream().filter(v -> v < 0).mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(surplus).append(" row(s) only on the source, ").append(extra).append(" only on the target");
        onlySource.forEach(r -> sb.append("\n    source only: ").append(r));
        onlyTarget.forEach(r -> sb.append("\n    target only: ").append(r));
        return sb.toString();
    }

    private static List<String> columns(Connection c, String db, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
                + " CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(rs.getString(1) + " " + rs.getString(2) + (rs.getString(3).equals("YES") ? "" : " NOT NULL")
                            + (rs.getString(4) == null ? "" : " " + rs.getString(4) + "/" + rs.getString(5)));
                }
            }
        }
        return cols;
    }

    private static String selectAll(Connection c, String db, String table) throws SQLException {
        List<String> exprs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // a FLOAT's own text keeps six digits and would hide a changed last bit; its DOUBLE's text does not
                    String column = "float".equalsIgnoreCase(rs.getString(2)) ? "(" + quote(rs.getString(1)) + " + 0e0)"
                            : quote(rs.getString(1));
                    exprs.add("CAST(" + column + " AS BINARY)");
                }
            }
        }
        return "SELECT " + String.join(", ", exprs) + " FROM {db}." + quote(table);
    }

    private static void scan(Connection c, String sql, Consumer<byte[][]> rows) throws SQLException {
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE); // stream: tables may be larger than the heap
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    byte[][] row = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getBytes(i + 1);
                    }
                    rows.accept(row);
                }
            }
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String render(byte[][] row) {
        List<String> cells = new ArrayList<>(row.length);
        for (byte[] v : row) {
            cells.add(v == null ? "NULL" : renderValue(v));
        }
        return "(" + String.join(", ", cells) + ")";
    }

    private static String renderValue(byte[] v) {
        boolean printable = true;
        for (byte b : v) {
            if (b < 0x20 || b == 0x7f) {
                printable = false;
                break;
            }
        }
        String text = new String(v, java.nio.charset.StandardCharsets.UTF_8);
        if (printable && !text.contains("\uFFFD")) {
            return "'" + (text.length() > 80 ? text.substring(0, 80) + "…(" + v.length + " bytes)" : text) + "'";
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(v.length, 48); i++) {
            hex.append(String.format("%02X", v[i]));
        }
        return v.length > 48 ? hex + "…(" + v.length + " bytes)" : hex.toString();
    }

    /** 128-bit digest of a row; collisions are astronomically unlikely at test sizes. */
    private record Digest(long hi, long lo) {
        static Digest of(byte[][] row) {
            try {
                MessageDigest md = MessageDigest.getInstance("MD5");
                ByteBuffer len = ByteBuffer.allocate(5);
                for (byte[] v : row) {
                    len.clear();
                    len.put(v == null ? (byte) 0 : (byte) 1).putInt(v == null ? 0 : v.length);
                    md.update(len.array());
                    if (v != null) {
                        md.update(v);
                    }
                }
                ByteBuffer d = ByteBuffer.wrap(md.digest());
                return new Digest(d.getLong(), d.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Outcome for one table: row counts on each side and what differs (empty when identical). */
    public record TableResult(String table, long sourceRows, long targetRows, List<String> differences) {
        public boolean identical() {
            return differences.isEmpty();
        }
    }

    /** Outcome for a set of tables. */
    public record Comparison(List<TableResult> tables) {
        public boolean identical() {
            return tables.stream().allMatch(TableResult::identical);
        }

        /** Rows compared over all tables (source side). */
        public long rowsCompared() {
            return tables.stream().mapToLong(TableResult::sourceRows).sum();
        }

        /** One line per table, with the differences under it. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            for (TableResult r : tables) {
                sb.append(r.identical() ? "  = " : "  ≠ ").append(r.table()).append(": ").append(r.sourceRows())
                        .append(" source rows, ").append(r.targetRows()).append(" target rows\n");
                r.differences().forEach(d -> sb.append("    ").append(d).append('\n'));
            }
            return sb.toString();
        }
    }
}
