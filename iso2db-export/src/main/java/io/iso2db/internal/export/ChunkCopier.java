package io.iso2db.internal.export;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * Copies one chunk: streams its rows from a snapshot connection and writes them to the target as
 * multi-row INSERTs of a few megabytes, committed once per chunk.
 */
final class ChunkCopier {

    static final int MAX_STATEMENT_BYTES = 4 << 20;

    private final Connection source;
    private final Connection target;
    private final int maxStatementBytes;

    /** Result of a chunk. */
    record Copied(long rows, long bytes) {
    }

    /** @param maxStatementBytes an INSERT is sent once it reaches this size (half the target's max_allowed_packet at most) */
    ChunkCopier(Connection source, Connection target, int maxStatementBytes) {
        this.source = source;
        this.target = target;
        this.maxStatementBytes = maxStatementBytes;
    }

    Copied copy(Chunk chunk, BooleanSupplier stop) throws SQLException {
        ExportTable t = chunk.table();
        ExportColumn.Kind[] kinds = t.columns().stream().map(ExportColumn::kind).toArray(ExportColumn.Kind[]::new);
        String head = "INSERT INTO " + t.id().quoted() + " (" + t.columnList() + ") VALUES ";
        StringBuilder sql = new StringBuilder(maxStatementBytes + (64 << 10));
        WriteCheck check = new WriteCheck(t);
        long rows = 0;
        long statementRows = 0;
        long bytes = 0;
        try (Statement read = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             Statement write = target.createStatement()) {
            try (ResultSet rs = chunk.stream(read)) {
                while (rs.next()) {
                    sql.append(sql.isEmpty() ? head : ",").append('(');
                    for (int i = 0; i < kinds.length; i++) {
                        if (i > 0) {
                            sql.append(',');
                        }
                        byte[] v = rs.getBytes(i + 1);
                        check.sent(i, v);
                        Literals.append(sql, kinds[i], v);
                    }
                    sql.append(')');
                    rows++;
                    statementRows++;
                    if (sql.length() >= maxStatementBytes) {
                        bytes += sql.length();
                        check.verify(write, statementRows, write.executeLargeUpdate(sql.toString()));
                        statementRows = 0;
                        sql.setLength(0);
                        if (stop.getAsBoolean()) {
                            return null;
                        }
                    }
                }
            }
            if (!sql.isEmpty()) {
                bytes += sql.length();
                check.verify(write, statementRows, write.executeLargeUpdate(sql.toString()));
            }
            target.commit();
        }
        return new Copied(rows, bytes);
    }
}
