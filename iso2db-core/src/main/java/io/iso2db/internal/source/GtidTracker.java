package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.GtidSet;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The GTID set of everything committed so far, advanced only when a transaction commits
 * ({@link #commit()}), never when its GTID event is read — on MariaDB the client's own set
 * runs ahead of the XID. MariaDB keeps the last {@code domain-server-seq} per domain; MySQL a
 * {@code uuid:intervals} set.
 */
public final class GtidTracker {

    private final boolean mariadb;
    private final Map<Long, String> domains = new TreeMap<>();
    private GtidSet mysql;
    private String pending;
    private String lastRead;

    public GtidTracker(boolean mariadb, String initial) {
        this.mariadb = mariadb;
        if (mariadb) {
            if (initial != null) {
                for (String g : initial.split(",")) {
                    if (!g.isBlank()) {
                        domains.put(Long.parseLong(g.trim().split("-")[0]), g.trim());
                    }
                }
            }
        } else {
            mysql = new GtidSet(initial == null ? "" : initial);
        }
    }

    /** The GTID of the transaction being read; becomes part of the set at {@link #commit()}. */
    public void pending(String gtid) {
        this.pending = gtid;
        this.lastRead = gtid;
    }

    /** The GTID of the unit read last, also once it is committed (for messages about it, e.g. a DDL statement). */
    public String lastRead() {
        return lastRead;
    }

    public String pendingGtid() {
        return pending;
    }

    public void commit() {
        if (pending == null) {
            return;
        }
        if (mariadb) {
            domains.put(Long.parseLong(pending.split("-")[0]), pending);
        } else {
            mysql.add(pending);
        }
        pending = null;
    }

    /** The set, or null when nothing is known (file-only start on a server without GTIDs). */
    public String current() {
        if (mariadb) {
            if (domains.isEmpty()) {
                return null;
            }
            StringJoiner j = new StringJoiner(",");
            domains.values().forEach(j::add);
            return j.toString();
        }
        String s = mysql.toString();
        return s.isEmpty() ? null : s;
    }
}
