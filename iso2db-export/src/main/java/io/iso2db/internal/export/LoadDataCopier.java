package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Copies one chunk with {@code LOAD DATA LOCAL INFILE} fed from memory: rows are read as the
 * columns' own bytes and written in LOAD DATA's escaped text form (tab between fields, newline
 * after a row, {@code \N} for NULL), loaded with {@code CHARACTER SET binary} so every byte lands
 * as read, in parts of a few megabytes, committed once per chunk. The server parses no SQL per
 * row, which makes it the faster path. BIT values travel as their number (a BIT column would
 * read the bytes as text), UUID and INET values as text converted on the server (binary bytes
 * would be taken for their binary form); tables it cannot carry exactly go through {@link
 * ChunkCopier} instead ({@link #carries}).
 */
final class LoadDataCopier {

    private static final int PART_BYTES = 8 << 20;
    /** Read as text, but a binary string of the right length means their binary form: they load through text. */
    private static final java.util.Set<String> TEXT_FORM_TYPES = java.util.Set.of("uuid", "inet4", "inet6");

    private final Connection source;
    private final Connection target;

    LoadDataCopier(Connection source, Connection target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Whether every column travels exactly: MySQL's JSON type refuses binary text (its rows go as
     * INSERTs); MariaDB's JSON is text.
     */
    static boolean carries(ExportTable t, boolean mariadbTarget) {
        return mariadbTarget || t.columns().stream().noneMatch(c -> c.dataType().equals("json"));
    }

    /**
     * The target does not take local files (ER_NOT_ALLOWED_COMMAND, MariaDB's and MySQL's
     * local_infile=OFF, the driver's own refusal).
     */
    static boolean refused(SQLException e) {
        return e.getErrorCode() == 1148 || e.getErrorCode() == 4166 || e.getErrorCode() == 3948 || e.getErrorCode() == 2068;
    }

    ChunkCopier.Copied copy(Chunk chunk, BooleanSupplier stop) throws SQLException {
        ExportTable t = chunk.table();
        String load = statement(t);
        boolean[] bit = new boolean[t.columns().size()];
        for (int i = 0; i < bit.length; i++) {
            bit[i] = t.columns().get(i).kind() == ExportColumn.Kind.BIT;
        }
        Buffer part = new Buffer(PART_BYTES + (1 << 20));
        WriteCheck check = new WriteCheck(t);
        long rows = 0;
        long partRows = 0;
        long bytes = 0;
        try (Statement read = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             Statement write = target.createStatement()) {
            try (ResultSet rs = chunk.stream(read)) {
                while (rs.next()) {
                    for (int i = 0; i < bit.length; i++) {
                        if (i > 0) {
                            part.put((byte) '\t');
                        }
                        byte[] v = rs.getBytes(i + 1);
                        check.sent(i, v);
                        if (v == null) {
                            part.put((byte) '\\').put((byte) 'N');
                        } else if (bit[i]) {
                            part.ascii(new java.math.BigInteger(1, v).toString());
                        } else {
                            part.escaped(v);
                        }
                    }
                    part.put((byte) '\n');
                    rows++;
                    partRows++;
                    if (part.size >= PART_BYTES) {
                        bytes += part.size;
                        load(write, load, part, check, partRows);
                        partRows = 0;
                        if (stop.getAsBoolean()) {
                            return null;
                        }
                    }
                }
            }
            if (part.size > 0) {
                bytes += part.size;
                load(write, load, part, check, partRows);
            }
            target.commit();
        }
        return new ChunkCopier.Copied(rows, bytes);
    }

    private static void load(Statement write, String sql, Buffer part, WriteCheck check, long rows)
            throws SQLException {
        write.unwrap(com.mysql.cj.jdbc.JdbcStatement.class)
                .setLocalInfileInputStream(new ByteArrayInputStream(part.bytes, 0, part.size));
        long stored = write.executeLargeUpdate(sql);
        part.size = 0;
        check.verify(write, rows, stored);
    }

    private static String statement(ExportTable t) {
        StringBuilder columns = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < t.columns().size(); i++) {
            ExportColumn c = t.columns().get(i);
            columns.append(i == 0 ? "" : ", ");
            if (c.kind() == ExportColumn.Kind.BIT) {
                columns.append("@v").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(TableId.quote(c.name())).append(" = CAST(@v")
                        .append(i).append(" AS UNSIGNED)");
            } else if (TEXT_FORM_TYPES.contains(c.dataType())) {
                columns.append("@v").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(TableId.quote(c.name())).append(" = CONVERT(@v")
                        .append(i).append(" USING utf8mb4)");
            } else {
                columns.append(TableId.quote(c.name()));
            }
        }
        return "LOAD DATA LOCAL INFILE 'iso2db-chunk' INTO TABLE " + t.id().quoted() + " CHARACTER SET binary"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + columns + ")" + set;
    }

    /** A growable byte buffer with LOAD DATA's escaping. */
    private static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        Buffer put(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = b;
            return this;
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        void escaped(byte[] v) {
            if (size + 2L * v.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(bytes.length * 2L, size + 2L * v.length)));
            }
            for (byte b : v) {
                switch (b) {
                    case '\\' -> { bytes[size++] = '\\'; bytes[size++] = '\\'; }
                    case '\t' -> { bytes[size++] = '\\'; bytes[size++] = 't'; }
                    case '\n' -> { bytes[size++] = '\\'; bytes[size++] = 'n'; }
                    case 0 -> { bytes[size++] = '\\'; bytes[size++] = '0'; }
                    default -> bytes[size++] = b;
                }
            }
        }
    }
}
