package io.iso2db.internal.loop;

import io.iso2db.event.TableId;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The marker table {@code iso2db.marker} (create/V3__loop_marker.sql): what is written, and how it is read back. */
public final class Marker {

    public static final TableId TABLE = new TableId("iso2db", "marker");
    /** Rows per origin; a task always writes the same one, so tasks sharing an origin rarely share a row. */
    private static final int SLOTS = 64;
    private static final Pattern DDL_ORIGIN = Pattern.compile("^\\s*/\\* iso2db:origin=(\\d+) \\*/");

    private Marker() {
    }

    /** The slot a task writes. */
    public static int slot(String task) {
        return Math.floorMod(task.hashCode(), SLOTS);
    }

    /** The marker write at the top of an applied transaction. */
    public static String upsert(long origin, int slot) {
        return "INSERT INTO `iso2db`.`marker` (origin, slot, seq, ddl_thread) VALUES (" + origin + ", " + slot
                + ", 1, NULL) ON DUPLICATE KEY UPDATE seq = seq + 1, ddl_thread = NULL";
    }

    /** The marker committed right before a DDL statement: names the connection that runs it. */
    public static String beforeDdl(long origin, int slot) {
        return "INSERT INTO `iso2db`.`marker` (origin, slot, seq, ddl_thread) VALUES (" + origin + ", " + slot
                + ", 1, CONNECTION_ID()) ON DUPLICATE KEY UPDATE seq = seq + 1, ddl_thread = CONNECTION_ID()";
    }

    /** A DDL statement as applied: the origin in a leading comment (kept by the server except where it rewrites the statement). */
    public static String ddl(long origin, String sql) {
        return "/* iso2db:origin=" + origin + " */ " + sql;
    }

    /** The origin named by a DDL statement's leading comment, or -1. */
    public static long ddlOrigin(String sql) {
        Matcher m = DDL_ORIGIN.matcher(sql);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The origin in a marker row image (column 1). */
    static long origin(Serializable[] row) {
        return unsigned(row[0]);
    }

    /** The connection id in a marker row image (column 4), or -1 when not set. */
    static long ddlThread(Serializable[] row) {
        return row.length > 3 && row[3] != null ? unsigned(row[3]) : -1;
    }

    private static long unsigned(Serializable v) {
        if (v instanceof Integer i) {
            return Integer.toUnsignedLong(i);
        }
        return ((Number) v).longValue();
    }
}
