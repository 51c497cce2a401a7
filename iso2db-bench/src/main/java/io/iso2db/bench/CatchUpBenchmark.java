package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;

/**
 * Catch-up apply: a write-only backlog is built on the source, then applied by iso2db and by
 * native MariaDB replicas (single-threaded and 4-thread optimistic), each into its own server
 * holding the same starting data. Prints transactions/s and the ratios; fails when any copy
 * differs from the source.
 *
 * <p>Arguments: {@code --quick} for a small backlog.
 */
public final class CatchUpBenchmark {

    private static final String DB = "sbtest";
    private static final int TABLES = 4;

    private CatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int rows = quick ? 10_000 : 100_000;
        int transactions = quick ? 20_000 : 100_000;
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer iso = MariaDbServer.builder().serverId(2).start();
             MariaDbServer isoGrouped = MariaDbServer.builder().serverId(5).start();
             MariaDbServer native0 = MariaDbServer.builder().serverId(3).extraArgs("--log-slave-updates=OFF").start();
             MariaDbServer native4 = MariaDbServer.builder().serverId(4).extraArgs("--log-slave-updates=OFF").start()) {
            for (DbServer s : List.of(source, iso, isoGrouped, native0, native4)) {
                s.execute("CREATE DATABASE " + DB);
                Backlog.createTables(s, DB, TABLES);
                Backlog.fill(s, DB, TABLES, rows);
            }
            List<String> start = source.query("SHOW MASTER STATUS").get(0);
            long seq0 = Backlog.binlogSequence(source);
            long t0 = System.nanoTime();
            Backlog.write(source, DB, TABLES, rows, transactions, 4);
            double writeSeconds = seconds(t0);
            long backlog = Backlog.binlogSequence(source) - seq0;
            System.out.printf("%nBacklog: %,d transactions on %d tables of %,d rows, written in %.1f s (%,.0f txn/s)%n",
                    backlog, TABLES, rows, writeSeconds, backlog / writeSeconds);

            Position from = Position.file(start.get(0), Long.parseLong(start.get(1)));
            long t1 = System.nanoTime();
            long rowsApplied = timeIso2db(source, iso, from, 1);
            double isoSeconds = seconds(t1);
            long t2 = System.nanoTime();
            timeIso2db(source, isoGrouped, from, 100);
            double groupedSeconds = seconds(t2);

            double native0Seconds = timeNative(native0, source, start, 0);
            double native4Seconds = timeNative(native4, source, start, 4);

            for (DbServer copy : List.of(iso, isoGrouped, native0, native4)) {
                TableComparator.Comparison c = TableComparator.compare(source, copy, DB);
                if (!c.identical()) {
                    throw new IllegalStateException("A copy differs from the source; results are void:\n" + c.report());
                }
            }
            double isoTps = backlog / isoSeconds;
            System.out.printf("%n| measure | iso2db | reference | ratio |%n|---|---|---|---|%n");
            System.out.printf("| catch-up apply, txn/s (vs native, slave_parallel_threads=0) | %,.0f | %,.0f | %.2f |%n",
                    isoTps, backlog / native0Seconds, isoTps / (backlog / native0Seconds));
            System.out.printf("| catch-up apply, txn/s (vs native, 4 threads optimistic) | %,.0f | %,.0f | %.2f |%n",
                    isoTps, backlog / native4Seconds, isoTps / (backlog / native4Seconds));
            double groupedTps = backlog / groupedSeconds;
            System.out.printf("| catch-up apply with groupCommit(100, 10 ms), txn/s (vs native, threads=0) | %,.0f | %,.0f | %.2f |%n",
                    groupedTps, backlog / native0Seconds, groupedTps / (backlog / native0Seconds));
            System.out.printf("%niso2db: %,d transactions, %,d row changes in %.1f s = %,.0f rows/s; server %s%n",
                    backlog, rowsApplied, isoSeconds, rowsApplied / isoSeconds, source.version());
            System.out.println("All copies verified identical to the source.");
        }
    }

    private static long timeIso2db(DbServer source, DbServer target, Position from, int group) {
        try (Replicator r = Replicator.builder().name("bench").serverId(100 + group)
                .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(), source.replicationPassword()))
                .target(ConnectionSettings.of(target.host(), target.port(), target.adminUser(), target.adminPassword()))
                .databases(DB).startAt(from).groupCommit(group, Duration.ofMillis(10)).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofMinutes(30));
            return r.rowsApplied();
        }
    }

    private static double timeNative(DbServer replica, DbServer source, List<String> start, int threads)
            throws InterruptedException {
        long t = System.nanoTime();
        NativeReplica.start(replica, source, start.get(0), Long.parseLong(start.get(1)), threads);
        NativeReplica.awaitCaughtUp(replica, source, 30 * 60_000L);
        double s = seconds(t);
        NativeReplica.stop(replica);
        return s;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
