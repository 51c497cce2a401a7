package io.iso2db.internal.export;

import io.iso2db.internal.jdbc.BinlogStatus;
import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.export.SnapshotMethod;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.preflight.Preflight;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** N source connections reading one consistent state, and the binlog position of that state. */
final class Snapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);
    private static final int ATTEMPTS = 50;

    final List<Connection> connections;
    final Position position;
    final SnapshotMethod method;
    /** How long writes on the source were blocked (LOCK), else zero. */
    final Duration writesBlocked;

    private Snapshot(List<Connection> connections, Position position, SnapshotMethod method, Duration writesBlocked) {
        this.connections = connections;
        this.position = position;
        this.method = method;
        this.writesBlocked = writesBlocked;
    }

    static Snapshot open(ConnectionSettings source, int count, SnapshotMethod wanted, boolean mariadb, boolean mayLock,
                         WriteHold hold) throws SQLException {
        return start(connect(source, count), source, wanted, mariadb, mayLock, true, hold);
    }

    static Snapshot start(List<Connection> connections, ConnectionSettings source, SnapshotMethod wanted, boolean mariadb,
                          boolean mayLock, boolean withGtid) throws SQLException {
        return start(connections, source, wanted, mariadb, mayLock, withGtid, WriteHold.NONE);
    }

    /** Opens {@code count} source connections ready for a snapshot (UTC, REPEATABLE READ). */
    static List<Connection> connect(ConnectionSettings source, int count) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection c = Jdbc.open(source, "source");
                connections.add(c);
                try (Statement st = c.createStatement()) {
                    st.execute("SET SESSION time_zone = '+00:00'");
                    st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            }
            return connections;
        } catch (SQLException | RuntimeException e) {
            connections.forEach(Jdbc::closeQuietly);
            throw e;
        }
    }

    /**
     * Starts one consistent snapshot on connections from {@link #connect}; closes them when it
     * cannot. {@code withGtid}: also find the GTID set at the position (MariaDB reads the binlog up
     * to it: a replication start needs it, a verify's cut does not, and must not wait for it).
     */
    static Snapshot start(List<Connection> connections, ConnectionSettings source, SnapshotMethod wanted, boolean mariadb,
                          boolean mayLock, boolean withGtid, WriteHold hold) throws SQLException {
        int count = connections.size();
        SnapshotMethod method = wanted == SnapshotMethod.AUTO ? (mariadb ? SnapshotMethod.CONSISTENT_SNAPSHOT
                : SnapshotMethod.LOCK) : wanted;
        try {
            if (method == SnapshotMethod.CONSISTENT_SNAPSHOT && !mariadb) {
                throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "SnapshotMethod.CONSISTENT_SNAPSHOT needs a"
                        + " MariaDB source (it reports the binlog position of each snapshot); use LOCK or AUTO for "
                        + source.describe());
            }
            if (method == SnapshotMethod.CONSISTENT_SNAPSHOT) {
                hold.hold();
                Position p = sharedSnapshot(connections, withGtid);
                if (p != null) {
                    return new Snapshot(connections, p, method, Duration.ZERO);
                }
                if (wanted == SnapshotMethod.CONSISTENT_SNAPSHOT || !mayLock) {
                    throw new Iso2dbException(ErrorCode.EXPORT_FAILED, "Could not open " + count + " snapshots of "
                            + source.describe() + " without a commit between them in " + ATTEMPTS + " attempts (the"
                            + " source is very busy). Use fewer threads, or SnapshotMethod.LOCK (needs RELOAD).");
                }
                LOG.warn("No quiet moment for {} lock-free snapshots on {}; falling back to FLUSH TABLES WITH READ LOCK",
                        count, source.describe());
                hold.letGo();
            }
            return locked(source, connections, mariadb, hold);
        } catch (SQLException | RuntimeException e) {
            connections.forEach(Jdbc::closeQuietly);
            throw e;
        }
    }

    /**
     * Opens the snapshots until all report the same binlog position; null when that never happens.
     * All connections start their snapshot at the same instant (one thread each, behind a barrier),
     * so only a commit inside that instant forces another attempt.
     */
    private static Position sharedSnapshot(List<Connection> connections, boolean withGtid) throws SQLException {
        int n = connections.size();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "iso2db-export-snapshot");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                CyclicBarrier together = new CyclicBarrier(n);
                List<Future<Void>> started = new ArrayList<>();
                for (Connection c : connections) {
                    started.add(pool.submit(() -> {
                        try (Statement st = c.createStatement()) {
                            together.await(10, TimeUnit.SECONDS);
                            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                            return null;
                        }
                    }));
                }
                for (Future<Void> f : started) {
                    get(f);
                }
                Set<String> distinct = reportedPositions(connections);
                if (distinct.size() == 1) {
                    String first = distinct.iterator().next();
                    String file = first.substring(0, first.lastIndexOf(':'));
                    long offset = Long.parseLong(first.substring(first.lastIndexOf(':') + 1));
                    LOG.info("{} lock-free snapshots share {} (attempt {})", n, first, attempt + 1);
                    return withGtid ? Position.of(file, offset, gtidAt(connections.get(0), file, offset))
                            : Position.file(file, offset);
                }
                for (Connection c : connections) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(1 + attempt * 2));
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each snapshot's position, read one connection after the other, twice. MariaDB answers
     * {@code SHOW STATUS LIKE 'binlog_snapshot_%'} through process-wide variables that every such
     * query rewrites (with its session's snapshot position, or the current one for a session without
     * a snapshot). Read at the same time, one snapshot could report another's position, and a
     * snapshot holding more or fewer commits than the others would pass as theirs. Reading ours in
     * turn removes that; reading twice means another client's query would have to race both reads
     * alike for a wrong position to pass.
     */
    private static Set<String> reportedPositions(List<Connection> connections) throws SQLException {
        Set<String> distinct = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (Connection c : connections) {
                try (Statement st = c.createStatement()) {
                    distinct.add(snapshotPosition(st));
                }
            }
        }
        return distinct;
    }

    private static <T> T get(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String snapshotPosition(Statement st) throws SQLException {
        String file = null;
        String pos = null;
        try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                    file = rs.getString(2);
                } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                    pos = rs.getString(2);
                }
            }
        }
        if (file == null || file.isEmpty()) {
            throw new Iso2dbException(ErrorCode.BINLOG_DISABLED, "The source reports no binlog snapshot position;"
                    + " its binary log must be on for an export that hands over to replication.");
        }
        return file + ":" + pos;
    }

    private static Snapshot locked(ConnectionSettings source, List<Connection> connections, boolean mariadb,
                                   WriteHold hold) throws SQLException {
        try (Connection control = Jdbc.open(source, "source"); Statement st = control.createStatement()) {
            long t0 = System.nanoTime();
            st.execute("FLUSH TABLES WITH READ LOCK");
            Position p;
            try {
                hold.hold();
                for (Connection c : connections) {
                    try (Statement s = c.createStatement()) {
                        s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                    }
                }
                p = BinlogStatus.read(st).orElseThrow(() -> new Iso2dbException(ErrorCode.BINLOG_DISABLED,
                        "The binary log is off on " + source.describe() + "; an export that hands over to replication"
                        + " needs it.")).position(st, mariadb);
            } finally {
                st.execute("UNLOCK TABLES");
            }
            Duration blocked = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("Writes on {} were blocked for {} ms while {} snapshots opened", source.describe(),
                    blocked.toMillis(), connections.size());
            return new Snapshot(connections, p, SnapshotMethod.LOCK, blocked);
        }
    }

    private static String gtidAt(Connection c, String file, long offset) throws SQLException {
        try (Statement st = c.createStatement()) {
            return BinlogStatus.mariaDbGtidAt(st, file, offset);
        }
    }

    @Override
    public void close() {
        connections.forEach(Jdbc::closeQuietly);
    }
}
