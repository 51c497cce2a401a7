package io.iso2db.internal.preflight;

import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.config.ReplicatorConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks made before anything is written: binlog settings, privileges, {@code server_id}
 * uniqueness, that the start position still exists, and that the target has every table.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Checks the source's settings and privileges. */
    public static SourceInfo checkSource(ReplicatorConfig cfg) {
        try (Connection c = Jdbc.open(cfg.source(), "source"); Statement st = c.createStatement()) {
            SourceInfo info;
            String logBin;
            String format;
            String image;
            try (ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id,"
                    + " VERSION()")) {
                rs.next();
                logBin = rs.getString(1);
                format = rs.getString(2);
                image = rs.getString(3);
                info = new SourceInfo(BinlogStatus.isMariaDb(rs.getString(5)), rs.getString(5),
                        rs.getLong(4));
            }
            String where = "the source " + cfg.source().describe();
            if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
                throw new Iso2dbException(ErrorCode.BINLOG_DISABLED, "The binary log is off on " + where
                        + ". Start the server with log_bin (e.g. log_bin=mysql-bin) and server_id set.");
            }
            if (!"ROW".equalsIgnoreCase(format)) {
                throw new Iso2dbException(ErrorCode.BINLOG_FORMAT_NOT_ROW, "binlog_format is " + format + " on " + where
                        + "; iso2db needs ROW. Set binlog_format=ROW (SET GLOBAL binlog_format='ROW' and in the config file).");
            }
            if (!"FULL".equalsIgnoreCase(image)) {
                throw new Iso2dbException(ErrorCode.BINLOG_ROW_IMAGE_NOT_FULL, "binlog_row_image is " + image + " on "
                        + where + "; iso2db needs FULL. Set binlog_row_image=FULL.");
            }
            checkPrivileges(st, cfg);
            checkServerId(st, cfg, info);
            return info;
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Preflight on the source " + cfg.source().describe()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static void checkPrivileges(Statement st, ReplicatorConfig cfg) throws SQLException {
        try {
            BinlogStatus.read(st);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1227) {
                throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + cfg.source().describe()
                        + " lacks REPLICATION CLIENT (BINLOG MONITOR on MariaDB): GRANT REPLICATION CLIENT ON *.* TO "
                        + cfg.source().user() + ";", e);
            }
            throw e;
        }
        StringBuilder grants = new StringBuilder();
        try (ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) {
                grants.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        if (!grants.toString().contains("REPLICATION SLAVE") && !grants.toString().contains("ALL PRIVILEGES ON *.*")) {
            throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + cfg.source().describe()
                    + " lacks REPLICATION SLAVE, needed to read the binlog: GRANT REPLICATION SLAVE ON *.* TO "
                    + cfg.source().user() + ";");
        }
    }

    private static void checkServerId(Statement st, ReplicatorConfig cfg, SourceInfo info) {
        if (cfg.serverId() == info.serverId()) {
            throw new Iso2dbException(ErrorCode.DUPLICATE_SERVER_ID, "server_id " + cfg.serverId()
                    + " is the source's own server_id (" + cfg.source().describe() + "). Give the task another server_id.");
        }
        try (ResultSet rs = st.executeQuery("SHOW SLAVE HOSTS")) {
            while (rs.next()) {
                if (rs.getLong("Server_id") == cfg.serverId()) {
                    throw new Iso2dbException(ErrorCode.DUPLICATE_SERVER_ID, "Another replica (" + rs.getString("Host")
                            + ":" + rs.getString("Port") + ") is registered on the source " + cfg.source().describe()
                            + " with server_id " + cfg.serverId() + ". Each task needs a server_id unique among the"
                            + " source's replicas; stop the other one or pick another server_id.");
                }
            }
        } catch (SQLException e) {
            // SHOW SLAVE HOSTS needs REPLICATION MASTER ADMIN on MariaDB; without it the check is skipped.
        }
    }

    /** Checks that {@code start} is still on the source; returns it completed with its GTID set where known. */
    public static Position checkPosition(ReplicatorConfig cfg, SourceInfo info, Position start) {
        try (Connection c = Jdbc.open(cfg.source(), "source"); Statement st = c.createStatement()) {
            List<String[]> logs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    logs.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            if (start.hasGtid()) {
                checkGtidFlavor(cfg, info, start.gtidSet().orElseThrow());
            }
            if (start.hasFile() && (!cfg.useGtid() || !start.hasGtid())) {
                String file = start.binlogFile().orElseThrow();
                String[] found = logs.stream().filter(l -> l[0].equals(file)).findFirst().orElse(null);
                if (found == null) {
                    throw new Iso2dbException(ErrorCode.BINLOG_PURGED, "Binlog file " + file + " is not on the source "
                            + cfg.source().describe() + " (purged?). The oldest available position is "
                            + (logs.isEmpty() ? "none" : logs.get(0)[0] + ":4")
                            + ". Start from an export, or from a position that still exists.");
                }
                if (start.offset() > Long.parseLong(found[1])) {
                    throw new Iso2dbException(ErrorCode.POSITION_MISMATCH, "Offset " + start.offset() + " is past the end"
                            + " of " + file + " (" + found[1] + " bytes) on " + cfg.source().describe() + ".");
                }
                if (info.mariadb() && !start.hasGtid()) {
                    String gtid = BinlogStatus.mariaDbGtidAt(st, file, start.offset());
                    if (gtid != null) {
                        return Position.of(file, start.offset(), gtid);
                    }
                }
            } else if (info.mariadb() && start.hasGtid() && !logs.isEmpty()) {
                checkMariaDbGtidNotPurged(cfg, st, logs.get(0)[0], start.gtidSet().orElseThrow());
            }
            return start;
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot check the start position on the source "
                    + cfg.source().describe() + ": " + e.getMessage(), e);
        }
    }

    private static void checkGtidFlavor(ReplicatorConfig cfg, SourceInfo info, String gtid) {
        boolean looksMariaDb = gtid.isEmpty() || gtid.matches("\\d+-\\d+-\\d+(\\s*,\\s*\\d+-\\d+-\\d+)*");
        boolean looksMySql = gtid.isEmpty() || gtid.matches("(?s)[0-9a-fA-F-]{36}:.*");
        if (info.mariadb() ? !looksMariaDb : !looksMySql) {
            throw new Iso2dbException(ErrorCode.POSITION_MISMATCH, "GTID set '" + gtid + "' is not in "
                    + (info.mariadb() ? "MariaDB (domain-server-sequence)" : "MySQL (uuid:interval)") + " form, but the"
                    + " source " + cfg.source().describe() + " is " + info.version() + ".");
        }
    }

    private static void checkMariaDbGtidNotPurged(ReplicatorConfig cfg, Statement st, String oldestFile, String gtid)
            throws SQLException {
        String oldest = BinlogStatus.mariaDbGtidAt(st, oldestFile, 4);
        if (oldest == null || oldest.isBlank()) {
            return;
        }
        for (String have : oldest.split(",")) {
            String[] h = have.trim().split("-");
            for (String want : gtid.split(",")) {
                String[] w = want.trim().split("-");
                if (w.length == 3 && w[0].equals(h[0]) && Long.parseLong(w[2]) < Long.parseLong(h[2])) {
                    throw new Iso2dbException(ErrorCode.BINLOG_PURGED, "GTID " + want.trim() + " is older than the"
                            + " oldest binlog on the source " + cfg.source().describe() + ", which starts after "
                            + have.trim() + " (file " + oldestFile + "). Start from an export or a newer position.");
                }
            }
        }
    }

    /**
     * Warns when an at-least-once store meets tables without a primary or unique key: the one
     * transaction replayed after a crash cannot be applied idempotently to those.
     */
    public static void warnKeylessTablesForAtLeastOnce(ReplicatorConfig cfg) {
        if (cfg.store().guarantee() != io.iso2db.spi.CheckpointStore.Guarantee.AT_LEAST_ONCE) {
            return;
        }
        try (Connection c = Jdbc.open(cfg.source(), "source"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM information_schema.TABLES t"
                     + " WHERE t.TABLE_TYPE = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS s"
                     + " WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME = t.TABLE_NAME AND s.NON_UNIQUE = 0)")) {
            List<String> keyless = new ArrayList<>();
            while (rs.next()) {
                var id = new io.iso2db.event.TableId(rs.getString(1), rs.getString(2));
                if (cfg.filter().includesTable(id)) {
                    keyless.add(id.toString());
                }
            }
            if (!keyless.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(Preflight.class).warn("Checkpoint store {} is at-least-once and tables {}"
                        + " have no primary or unique key: the transaction replayed after a crash may duplicate their"
                        + " rows. Use CheckpointStores.inTarget() or jdbc(...) (exactly-once), or add a key.",
                        cfg.store(), keyless);
            }
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot list keyless tables on the source: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that every listed database exists on the source, and every replicated source table on
     * the target with columns that take its values.
     * With {@code strict} false (the stream starts in the past, where DDL may still create or
     * alter them) a difference is logged, and the task stops later only if rows arrive for a
     * table that still does not fit.
     */
    public static void checkTarget(ReplicatorConfig cfg, boolean strict) {
        try (Connection s = Jdbc.open(cfg.source(), "source"); Connection t = Jdbc.open(cfg.target(), "target")) {
            Iso2dbException missing = SourceDatabases.missing(s, cfg.databases(), "the source " + cfg.source().describe());
            if (missing != null) {
                throw missing;
            }
            Iso2dbException unmatched = SourceDatabases.unmatchedTables(s, cfg.databases(), cfg.tables(),
                    "the source " + cfg.source().describe());
            if (unmatched != null) {
                throw unmatched;
            }
            if (!cfg.targetBinlog()) {
                checkMayTurnOffBinlog(cfg, t);
            }
            TargetTables.check(cfg, s, t);
        } catch (Iso2dbException e) {
            if (strict) {
                throw e;
            }
            org.slf4j.LoggerFactory.getLogger(Preflight.class).warn("{} The task starts at an earlier position, whose"
                    + " DDL may still fix this; it stops if rows arrive for a table that does not fit.", e.getMessage());
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot compare source and target tables: "
                    + e.getMessage(), e);
        }
        try (Connection t = Jdbc.open(cfg.target(), "target")) {
            TargetTriggers.check(cfg, t);   // whatever the start: a doubling trigger never becomes right
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot read the target's triggers: "
                    + e.getMessage(), e);
        }
    }

    /** Applied changes stay out of the target's binlog only if the apply user may say so: found now, not at the first change. */
    private static void checkMayTurnOffBinlog(ReplicatorConfig cfg, Connection target) throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("SET SESSION sql_log_bin = 1");
        } catch (SQLException e) {
            if (Jdbc.isConnectionLoss(e)) {
                throw e;
            }
            throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The target user " + cfg.target().describe()
                    + " may not keep applied changes out of the target's binary log (SET sql_log_bin=0): "
                    + e.getMessage() + ". Grant it BINLOG ADMIN (MariaDB) or SYSTEM_VARIABLES_ADMIN (MySQL), or let"
                    + " the target log them with targetBinlog(true).", e);
        }
    }

    /** With loop control on: checks that the target can carry the markers (before anything is written there). */
    public static void checkLoopControl(ReplicatorConfig cfg) {
        if (cfg.loop() == null) {
            return;
        }
        try (Connection s = Jdbc.open(cfg.source(), "source"); Connection t = Jdbc.open(cfg.target(), "target")) {
            LoopControlPreflight.check(cfg, s, t);
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot check loop control on the target "
                    + cfg.target().describe() + ": " + e.getMessage(), e);
        }
    }
}
