package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Cuts a table into chunks of {@code chunkRows} rows by walking its chunk key's index: each bound
 * is the key {@code chunkRows} rows after the previous one, so skewed keys and gaps in an
 * auto-increment never make empty or giant chunks. Bounds need not come from the snapshot: the
 * ranges cover the whole key space, so every row of the snapshot falls in exactly one chunk.
 */
final class Chunker {

    private final Connection connection;
    private final int chunkRows;

    Chunker(Connection connection, int chunkRows) {
        this.connection = connection;
        this.chunkRows = chunkRows;
    }

    /** Hands the table's chunks to {@code sink} in key order; stops early when {@code stop} says so. */
    int chunks(ExportTable table, Consumer<Chunk> sink, BooleanSupplier stop) throws SQLException {
        if (!table.chunked()) {
            sink.accept(new Chunk(table, 1, null, null));
            return 1;
        }
        int n = 0;
        byte[][] after = null;
        while (!stop.getAsBoolean()) {
            Chunk probe = new Chunk(table, n + 1, after, null);
            byte[][] bound = bound(table, probe);   // null: the rest fits in this chunk (never an empty last chunk)
            sink.accept(new Chunk(table, ++n, after, bound));
            if (bound == null) {
                break;
            }
            after = bound;
        }
        return n;
    }

    /**
     * The chunk after {@code previous} (the first when it is null), or null when {@code previous}
     * was the table's last: lets a caller cut several tables in turns.
     */
    Chunk next(ExportTable table, Chunk previous) throws SQLException {
        if (previous != null && (!table.chunked() || previous.upTo() == null)) {
            return null;
        }
        if (!table.chunked()) {
            return new Chunk(table, 1, null, null);
        }
        byte[][] after = previous == null ? null : previous.upTo();
        int n = previous == null ? 1 : previous.number() + 1;
        return new Chunk(table, n, after, bound(table, new Chunk(table, n, after, null)));
    }

    /** The key {@code chunkRows} rows after the probe's lower bound, or null when no more than that remain. */
    private byte[][] bound(ExportTable table, Chunk probe) throws SQLException {
        String keys = probe.keyList();
        String sql = "SELECT " + keys + " FROM " + table.id().quoted() + " FORCE INDEX (" + index(table)
                + ")" + probe.where() + " ORDER BY " + keys + " LIMIT 2 OFFSET " + (chunkRows - 1);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            byte[][] out = new byte[table.chunkKey().size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getBytes(i + 1);
            }
            return rs.next() ? out : null;
        }
    }

    private static String index(ExportTable table) {
        return TableId.quote(table.chunkIndex());
    }
}
