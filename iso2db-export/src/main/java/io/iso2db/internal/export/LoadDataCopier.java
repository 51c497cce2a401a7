package io.iso2db.internal.export;

import io.iso2db.event.TableId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * Copies one chunk with {@code LOAD DATA LOCAL INFILE} fed by a stream of the source's rows
 * ({@link LoadDataStream}): the columns' own bytes in LOAD DATA's escaped text form, loaded with
 * {@code CHARACTER SET binary} so every byte lands as read, a statement per few megabytes,
 * committed once per chunk, each statement's stored rows and warnings checked ({@link
 * WriteCheck}). The server parses no SQL per row, which makes it the faster path. BIT values
 * travel as their number (a BIT column would read the bytes as text), UUID and INET values as
 * text converted on the server (binary bytes would be taken for their binary form); tables it
 * cannot carry exactly go through {@link ChunkCopier} instead ({@link #carries}).
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
        boolean[] lob = new boolean[bit.length];
        for (int i = 0; i < bit.length; i++) {
            ExportColumn c = t.columns().get(i);
            bit[i] = c.kind() == ExportColumn.Kind.BIT;
            lob[i] = c.dataType().endsWith("blob") || c.dataType().endsWith("text");
        }
        WriteCheck check = new WriteCheck(t);
        try (Statement read = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             Statement write = target.createStatement();
             ResultSet rs = chunk.stream(read)) {
            LoadDataStream rows = new LoadDataStream(rs, bit, lob, check, stop);
            while (rows.more()) {
                rows.startPart(PART_BYTES);
                write.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(rows);
                long stored;
                try {
                    stored = write.executeLargeUpdate(load);
                } catch (SQLException e) {
                    rows.rethrow();
                    throw e;
                }
                rows.rethrow();
                if (rows.stopped()) {
                    return null;
                }
                check.verify(write, rows.partRows(), stored);
            }
            target.commit();
            return new ChunkCopier.Copied(rows.rows(), rows.bytes());
        }
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
}
