package io.iso2db.internal.checkpoint;

import io.iso2db.Position;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** Reads and binds the (binlog_file, binlog_pos, gtid_set) columns shared by the checkpoint tables. */
public final class PositionRow {

    private PositionRow() {
    }

    public static Optional<Position> read(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        String file = rs.getString("binlog_file");
        long pos = rs.getLong("binlog_pos");
        String gtid = rs.getString("gtid_set");
        if (file == null && gtid == null) {
            return Optional.empty();
        }
        return Optional.of(Position.of(file, pos, gtid));
    }

    /** Binds file, offset and GTID set at {@code first}, {@code first+1}, {@code first+2}. */
    public static void bind(PreparedStatement ps, int first, Position p) throws SQLException {
        if (p.hasFile()) {
            ps.setString(first, p.binlogFile().orElseThrow());
            ps.setLong(first + 1, p.offset());
        } else {
            ps.setNull(first, Types.VARCHAR);
            ps.setNull(first + 1, Types.BIGINT);
        }
        ps.setString(first + 2, p.gtidSet().orElse(null));
    }
}
