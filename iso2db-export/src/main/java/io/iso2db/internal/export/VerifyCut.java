package io.iso2db.internal.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.ConsistentCut;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.export.SnapshotMethod;
import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.internal.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two sides of a verify at one logical moment: N source connections in one snapshot at binlog
 * position P, and N target connections in snapshots that show exactly the source transactions
 * before P. With a running replicator, it is held between transactions while the snapshots open
 * (the target then cannot move); without one, the snapshots are taken again until neither server
 * wrote anything while they opened.
 */
final class VerifyCut implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyCut.class);
    private static final int QUIET_ATTEMPTS = 5;
    private static final int CUT_ATTEMPTS = 20;

    final List<Connection> source;
    final List<Connection> target;
    final Position position;
    /** How long the replicator was paused before the cut. */
    private final Duration paused;
    /** The replicator's hold at the cut, or null without one. */
    private final ConsistentCut hold;
    final boolean consistent;
    private final Snapshot snapshot;

    private VerifyCut(Snapshot snapshot, List<Connection> target, Duration paused, ConsistentCut hold, boolean consistent) {
        this.snapshot = snapshot;
        this.source = snapshot.connections;
        this.target = target;
        this.position = snapshot.position;
        this.paused = paused;
        this.hold = hold;
        this.consistent = consistent;
    }

    /**
     * Opens the cut: against the running replicator when there is one, else on quiet servers. The
     * writes to {@code frozen} tables are held from before the source snapshot opens, and with them
     * the replicator, until those tables are compared.
     */
    static VerifyCut open(VerifyConfig cfg, boolean mariadb, boolean mayLock, FrozenTables frozen) throws SQLException {
        if (cfg.replicator() != null) {
            return withReplicator(cfg, mariadb, mayLock, frozen);
        }
        try (Connection src = Jdbc.open(cfg.source(), "source"); Connection dst = Jdbc.open(cfg.target(), "target")) {
            for (int attempt = 1; ; attempt++) {
                List<Connection> sources = Snapshot.connect(cfg.source(), cfg.threads());
                List<Connection> targets = targetConnectionsBeside(sources, cfg);
                String before = writeMark(src) + " " + writeMark(dst);
                Snapshot s = Snapshot.start(sources, cfg.source(), SnapshotMethod.AUTO, mariadb, mayLock, false, frozen);
                try {
                    begin(targets);
                } catch (SQLException | RuntimeException e) {
                    s.close();
                    targets.forEach(Jdbc::closeQuietly);
                    throw e;
                }
                boolean quiet = before.equals(writeMark(src) + " " + writeMark(dst));
                if (quiet || attempt == QUIET_ATTEMPTS) {
                    if (!quiet) {
                        LOG.warn("Verify without a replicator: the servers took writes while the snapshots opened ({}"
                                + " attempts); differences may be writes in flight", attempt);
                    }
                    return new VerifyCut(prepared(s), targets, Duration.ZERO, null, quiet);
                }
                s.close();
                targets.forEach(Jdbc::closeQuietly);
            }
        }
    }

    /**
     * The source snapshot comes first, then the replicator is held at its position: it applies
     * every transaction before it (not counted as held) and waits there while the target snapshots
     * open. A replicator following the source more closely than the snapshots take to open has
     * begun a later transaction already; it is then paused before its next transaction, and the
     * next source snapshot (never in its past) is taken while it waits. Connections are opened
     * before, so it is held for about one round trip per target connection, plus the snapshots'
     * opening when it had to be paused.
     */
    private static VerifyCut withReplicator(VerifyConfig cfg, boolean mariadb, boolean mayLock, FrozenTables frozen)
            throws SQLException {
        List<Connection> src = Snapshot.connect(cfg.source(), cfg.threads());
        List<Connection> dst = targetConnectionsBeside(src, cfg);
        ConsistentCut paused = null;
        try {
            for (int attempt = 1; ; attempt++) {
                Snapshot s = Snapshot.start(src, cfg.source(), SnapshotMethod.AUTO, mariadb, mayLock, false, frozen);
                Duration pausedFor = paused == null ? Duration.ZERO : paused.held();
                java.util.Optional<ConsistentCut> held = cfg.replicator().holdAt(s.position, cfg.cutTimeout());
                if (held.isPresent()) {
                    ConsistentCut hold = held.get();
                    try {
                        begin(dst);
                    } catch (SQLException | RuntimeException e) {
                        hold.close();
                        throw e;
                    }
                    if (frozen.isEmpty()) {
                        hold.close();
                    } else {
                        frozen.alsoRelease(hold);   // the target's copies of those tables must not move either
                    }
                    Duration total = pausedFor.plus(hold.held());
                    LOG.info("Verify cut at {} (attempt {}): replicator {} held for {} ms{}", s.position, attempt,
                            cfg.replicator().name(), total.toMillis(), paused == null ? ""
                                    : " (paused " + pausedFor.toMillis() + " ms while the source snapshots opened)");
                    return new VerifyCut(prepared(s), dst, pausedFor, hold, true);
                }
                if (attempt == CUT_ATTEMPTS) {
                    throw new Iso2dbException(ErrorCode.VERIFY_FAILED, "Verify: the replicator " + cfg.replicator().name()
                            + " was ahead of " + CUT_ATTEMPTS + " source snapshots in a row, paused; is it the task of"
                            + " source " + cfg.source().describe() + "?");
                }
                for (Connection c : src) {   // the replicator was past this snapshot: take a newer one
                    try (Statement st = c.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                }
                if (paused == null) {
                    paused = cfg.replicator().pause();
                }
            }
        } catch (SQLException | RuntimeException e) {
            src.forEach(Jdbc::closeQuietly);
            dst.forEach(Jdbc::closeQuietly);
            throw e;
        } finally {
            if (paused != null) {
                paused.close();
            }
        }
    }

    /** The target's connections for a cut whose source connections are open; those are closed when these fail. */
    private static List<Connection> targetConnectionsBeside(List<Connection> sources, VerifyConfig cfg)
            throws SQLException {
        try {
            return targetConnections(cfg.target(), cfg.threads());
        } catch (SQLException | RuntimeException e) {
            sources.forEach(Jdbc::closeQuietly);
            throw e;
        }
    }

    /** The binlog position, or without a binlog InnoDB's row counters: changes when the server writes. */
    private static String writeMark(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            java.util.Optional<BinlogStatus> end = BinlogStatus.read(st);
            if (end.isPresent()) {
                return end.get().file() + ":" + end.get().offset();
            }
            try (ResultSet rs = st.executeQuery("SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS WHERE"
                    + " VARIABLE_NAME IN ('INNODB_ROWS_INSERTED', 'INNODB_ROWS_UPDATED', 'INNODB_ROWS_DELETED')")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<Connection> targetConnections(ConnectionSettings target, int n) throws SQLException {
        List<Connection> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Connection c = Jdbc.open(target, "target");
                out.add(c);
                session(c);
                try (Statement st = c.createStatement()) {
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            out.forEach(Jdbc::closeQuietly);
            throw e;
        }
    }

    private static void begin(List<Connection> target) throws SQLException {
        for (Connection c : target) {
            try (Statement st = c.createStatement()) {
                st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            }
        }
    }

    private static Snapshot prepared(Snapshot s) throws SQLException {
        for (Connection c : s.connections) {
            session(c);
        }
        return s;
    }

    /** Values as the columns' own bytes, timestamps in UTC: both sides render alike. */
    private static void session(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00', SESSION character_set_results = binary");
        }
    }

    /** How long the replicator was held for this cut (so far, while still held). */
    Duration held() {
        return hold == null ? paused : paused.plus(hold.held());
    }

    @Override
    public void close() {
        snapshot.close();
        target.forEach(Jdbc::closeQuietly);
    }
}
