package io.iso2db.internal.apply;

import io.iso2db.ConflictPolicy;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.Conflict;
import io.iso2db.event.Conflict.Kind;
import io.iso2db.event.RowChange.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Handles a row change that did not fit the target (duplicate key, before image not matching, no
 * row) by the task's {@link ConflictPolicy}: stop with the details, or apply the source's change
 * by key and, for {@code LOG}, record the conflict in {@code iso2db.conflict} in the same
 * transaction. A change the target already holds (both regions made the same change) is no conflict.
 */
final class ConflictResolver {

    private static final String RECORD = "INSERT INTO `iso2db`.`conflict` (task, gtid, table_name, operation, kind,"
            + " source_before, source_after, target_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final ConflictPolicy policy;
    private final String task;

    ConflictResolver(ConflictPolicy policy, String task) {
        this.policy = policy;
        this.task = task;
    }

    /** Writing a partial image as the whole row would leave the columns it lacks as they were, or at their defaults. */
    static Iso2dbException partialImage(SqlShapes s, RowOp r, Kind kind, String gtid) {
        return new Iso2dbException(ErrorCode.APPLY_CONFLICT, "Conflict on the target while applying GTID " + gtid + " to "
                + s.schema.id() + " (" + r.op() + ", " + kind + "): the source logged this row with a partial image"
                + " (binlog_row_image MINIMAL or NOBLOB), which cannot be written as the whole row the conflict policy"
                + " asks for. The task stopped without skipping anything. Repair the row on the target, then restart.");
    }

    /** Resolves one change; returns the conflict, or null when the target already holds the change. */
    Conflict resolve(Connection c, SqlShapes s, RowOp r, String gtid) throws SQLException {
        if (r.after() != null && s.schema.hasKey() && holdsImage(c, s, r.after())) {
            return null;
        }
        Object[] target = s.schema.hasKey() ? select(c, s, r.op() == Operation.INSERT ? r.after() : r.before()) : null;
        Kind kind = r.op() == Operation.INSERT ? Kind.DUPLICATE_KEY : target == null ? Kind.ROW_MISSING : Kind.ROW_DIFFERS;
        if (policy == ConflictPolicy.FAIL) {
            throw failure(s, r, kind, target, gtid);
        }
        if (s.schema.partialImage() && r.op() != Operation.DELETE) {
            throw partialImage(s, r, kind, gtid);
        }
        switch (r.op()) {
            case INSERT -> execute(c, s.upsert, r.after(), s.writable, null, null);
            case UPDATE -> {
                if (target != null) {
                    execute(c, s.updateByKey, r.after(), s.writable, r.before(), s.keyColumns());
                } else {
                    execute(c, s.upsert, r.after(), s.writable, null, null);
                }
            }
            case DELETE -> {
                if (target != null) {
                    execute(c, s.deleteByKey, r.before(), s.keyColumns(), null, null);
                }
            }
        }
        Conflict conflict = new Conflict(gtid, s.schema.id(), r.op(), kind, RowImages.json(s.schema, s.writable, r.before()),
                RowImages.json(s.schema, s.writable, r.after()), RowImages.json(s.schema, s.writable, target), policy);
        if (policy == ConflictPolicy.LOG) {
            record(c, conflict);
        }
        return conflict;
    }

    private static boolean holdsImage(Connection c, SqlShapes s, Object[] image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.selectImage)) {
            StatementRunner.bindAll(ps, 1, s.wholeImageValues(image), s.wholeImageColumns());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Object[] select(Connection c, SqlShapes s, Object[] keyImage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.selectByKey)) {
            StatementRunner.bindAll(ps, 1, keyImage, s.keyColumns());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object[] row = new Object[s.schema.columnCount()];
                for (int i = 0; i < s.writable.length; i++) {
                    Object v = rs.getObject(i + 1);
                    row[s.writable[i]] = v == null || v instanceof Number || v instanceof byte[] ? v : rs.getString(i + 1);
                }
                return row;
            }
        }
    }

    private static void execute(Connection c, String sql, Object[] first, int[] firstColumns, Object[] second,
                                int[] secondColumns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = StatementRunner.bindAll(ps, 1, first, firstColumns);
            if (second != null) {
                StatementRunner.bindAll(ps, next, second, secondColumns);
            }
            ps.executeUpdate();
        }
    }

    private void record(Connection c, Conflict k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECORD)) {
            ps.setString(1, task);
            ps.setString(2, k.gtid());
            ps.setString(3, k.table().toString());
            ps.setString(4, k.operation().name());
            ps.setString(5, k.kind().name());
            ps.setString(6, k.sourceBefore());
            ps.setString(7, k.sourceAfter());
            ps.setString(8, k.targetRow());
            ps.executeUpdate();
        }
    }

    private static Iso2dbException failure(SqlShapes s, RowOp r, Kind kind, Object[] target, String gtid) {
        Object[] keyImage = r.op() == Operation.INSERT ? r.after() : r.before();
        String what = switch (kind) {
            case DUPLICATE_KEY -> "hit an existing row";
            case ROW_DIFFERS -> "found the target's row different from the source's before image";
            case ROW_MISSING -> "found no row";
        };
        return new Iso2dbException(ErrorCode.APPLY_CONFLICT, r.op() + " of GTID " + gtid + " " + what + " in "
                + s.schema.id() + " with " + RowImages.pairs(s.schema, s.keyColumns(), keyImage)
                + (target == null ? "" : "\n  target row:    " + RowImages.json(s.schema, s.writable, target))
                + (r.before() == null ? "" : "\n  source before: " + RowImages.json(s.schema, s.writable, r.before()))
                + (r.after() == null ? "" : "\n  source after:  " + RowImages.json(s.schema, s.writable, r.after()))
                + "\nThe target has drifted from the source; the task stopped without skipping anything. Repair the"
                + " row on the target and restart, or let the source win with conflictPolicy(OVERWRITE or LOG).");
    }
}
