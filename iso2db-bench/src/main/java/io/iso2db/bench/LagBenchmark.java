package io.iso2db.bench;

import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady-state lag: a fixed write rate on the source while iso2db (default, and with
 * preserveTransactionBoundaries) and a native replica (single-threaded) follow it at the same time, after a 5 s warm-up at that rate. Every 50 ms a probe row with the source's
 * microsecond clock is written; observers poll each copy every 5 ms and record when each probe
 * arrives (same machine, same clock), giving p50/p99/max lag to about 5 ms.
 */
final class LagBenchmark {

    private static final String DB = "lag";

    private LagBenchmark() {
    }

    static void run(Scale scale, Results results) throws Exception {
        int tps = 1000;
        long millis = scale.lagMillis();
        System.out.printf("%n== Steady-state lag: %d txn/s for %d s ==%n", tps, millis / 1000);
        try (MariaDbServer source = MariaDbServer.builder().serverId(21).start();
             MariaDbServer iso = MariaDbServer.builder().serverId(22).start();
             MariaDbServer isoStrict = MariaDbServer.builder().serverId(24).start();
             MariaDbServer nat = MariaDbServer.builder().serverId(23).extraArgs("--log-slave-updates=OFF").start()) {
            List<DbServer> copies = List.of(iso, isoStrict, nat);
            for (DbServer s : List.of(source, iso, isoStrict, nat)) {
                s.execute("CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".probe (id INT PRIMARY KEY, t DATETIME(6))");
                Backlog.createTables(s, DB, 4);
                Backlog.fill(s, DB, 4, 10_000);
            }
            Position from = BinlogEnd.of(source);
            NativeReplica.start(nat, source, from.binlogFile().orElseThrow(), from.offset(), 0);
            try (Replicator r = follower(source, iso, 201, from).build();
                 Replicator rb = follower(source, isoStrict, 202, from).preserveTransactionBoundaries().build()) {
                r.start();
                rb.start();
                // warm-up (connections, schema caches, JIT), so only the steady state is measured
                Backlog.writeAt(source, DB, 4, 10_000, tps, scale.lagWarmUpMillis(), 4);
                r.awaitCaughtUp(Duration.ofMinutes(5));
                rb.awaitCaughtUp(Duration.ofMinutes(5));
                NativeReplica.awaitCaughtUp(nat, source, 300_000);
                AtomicBoolean stop = new AtomicBoolean();
                List<List<Long>> lags = new ArrayList<>();
                List<Thread> threads = new ArrayList<>(List.of(new Thread(() -> probe(source, stop))));
                for (DbServer copy : copies) {
                    List<Long> l = Collections.synchronizedList(new ArrayList<>());
                    lags.add(l);
                    threads.add(new Thread(() -> observe(copy, l, stop)));
                }
                threads.forEach(Thread::start);
                Backlog.writeAt(source, DB, 4, 10_000, tps, millis, 4);
                Thread.sleep(2000);
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
                r.awaitCaughtUp(Duration.ofMinutes(5));
                rb.awaitCaughtUp(Duration.ofMinutes(5));
                NativeReplica.awaitCaughtUp(nat, source, 300_000);
                for (DbServer copy : copies) {
                    TableComparator.Comparison c = TableComparator.compare(source, copy, DB);
                    if (!c.identical()) {
                        throw new IllegalStateException("A copy differs from the source; results are void:\n" + c.report());
                    }
                }
                NativeReplica.stop(nat);
                long[] a = percentiles(lags.get(0));
                long[] g = percentiles(lags.get(1));
                long[] n = percentiles(lags.get(2));
                System.out.printf("  lag ms p50/p99/max: iso2db %d/%d/%d, iso2db preserveTransactionBoundaries %d/%d/%d,"
                        + " native %d/%d/%d (%d probes)%n", a[0], a[1], a[2], g[0], g[1], g[2], n[0], n[1], n[2],
                        lags.get(0).size());
                String[] names = {"p50", "p99", "max"};
                for (int i = 0; i < 3; i++) {
                    results.add("steady-state lag " + names[i] + " at " + tps + " txn/s, default config", "ms", a[i], n[i],
                            "native, 0 threads", false);
                }
                for (int i = 0; i < 3; i++) {
                    results.add("steady-state lag " + names[i] + " at " + tps + " txn/s, preserveTransactionBoundaries()",
                            "ms", g[i], n[i], "native, 0 threads", false);
                }
            }
        }
    }

    private static io.iso2db.ReplicatorBuilder follower(DbServer source, DbServer target, int serverId, Position from) {
        return Replicator.builder().name("lag").serverId(serverId)
                .source(io.iso2db.ConnectionSettings.of(source.host(), source.port(), source.replicationUser(),
                        source.replicationPassword()))
                .target(ExportBenchmark.admin(target)).databases(DB).startAt(from);
    }

    private static void probe(DbServer source, AtomicBoolean stop) {
        try (Connection c = source.connect(DB); Statement st = c.createStatement()) {
            for (int id = 1; !stop.get(); id++) {
                st.execute("INSERT INTO probe VALUES (" + id + ", NOW(6))");
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("probe failed", e);
        }
    }

    private static void observe(DbServer copy, List<Long> lags, AtomicBoolean stop) {
        int last = 0;
        try (Connection c = copy.connect(DB); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            while (!stop.get()) {
                try (ResultSet rs = st.executeQuery("SELECT id, t FROM probe WHERE id > " + last + " ORDER BY id")) {
                    java.time.Instant at = java.time.Instant.now();
                    long now = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                    while (rs.next()) {
                        last = rs.getInt(1);
                        LocalDateTime t = rs.getObject(2, LocalDateTime.class);
                        long micros = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1000;
                        lags.add(Math.max(0, (now - micros) / 1000));
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("observer failed", e);
        }
    }

    private static long[] percentiles(List<Long> lags) {
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no probe arrived");
        }
        return new long[] {sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1)};
    }
}
