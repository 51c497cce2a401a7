package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.LoopControl;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.ReplicatorBuilder;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Catch-up apply: a write-only backlog is built on the source, then applied by iso2db and by
 * native MariaDB replicas (single-threaded and 4-thread optimistic), each into its own server
 * holding the same starting data. Prints transactions/s and the ratios; fails when any copy
 * differs from the source.
 *
 * Also measures the cost of loop control: two more copies with the target binlog on, one with
 * loop control (a marker write per transaction), one without.
 */
final class CatchUpBenchmark {

    private static final String DB = "sbtest";
    private static final int TABLES = 4;

    private CatchUpBenchmark() {
    }

    static void run(Scale scale, Results results) throws Exception {
        int rows = scale.catchUpRows();
        int transactions = scale.catchUpTransactions();
        System.out.printf("%n== Catch-up apply ==%n");
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer iso = MariaDbServer.builder().serverId(2).start();
             MariaDbServer isoGrouped = MariaDbServer.builder().serverId(5).start();
             MariaDbServer isoBinlog = MariaDbServer.builder().serverId(6).start();
             MariaDbServer isoLoop = MariaDbServer.builder().serverId(7).start();
             MariaDbServer isoKeyOnly = MariaDbServer.builder().serverId(8).start();
             MariaDbServer native0 = MariaDbServer.builder().serverId(3).extraArgs("--log-slave-updates=OFF").start();
             MariaDbServer native4 = MariaDbServer.builder().serverId(4).extraArgs("--log-slave-updates=OFF").start()) {
            LoopControl.installMarkerTable(ExportBenchmark.admin(isoLoop));
            List<DbServer> followers = List.of(iso, isoGrouped, isoBinlog, isoLoop, isoKeyOnly, native0, native4);
            String sysbench = Tools.find("sysbench", "sysbench");
            if (sysbench != null) {
                Sysbench.prepare(sysbench, source, followers, DB, TABLES, rows);
            } else {
                List<DbServer> all = new ArrayList<>(followers);
                all.add(source);
                for (DbServer s : all) {
                    s.execute("CREATE DATABASE " + DB);
                    Backlog.createTables(s, DB, TABLES);
                    Backlog.fill(s, DB, TABLES, rows);
                }
            }
            List<String> start = source.query("SHOW MASTER STATUS").get(0);
            long seq0 = Backlog.binlogSequence(source);
            long t0 = System.nanoTime();
            if (sysbench != null) {
                Sysbench.run(sysbench, source, DB, TABLES, rows, transactions);
            } else {
                Backlog.write(source, DB, TABLES, rows, transactions, 4);
            }
            double writeSeconds = seconds(t0);
            long backlog = Backlog.binlogSequence(source) - seq0;
            String generator = sysbench != null ? "sysbench oltp_write_only" : "built-in oltp_write_only-shaped generator";
            System.out.printf("%nBacklog (%s): %,d transactions on %d tables of %,d rows, written in %.1f s (%,.0f txn/s)%n",
                    generator, backlog, TABLES, rows, writeSeconds, backlog / writeSeconds);

            ReadBenchmark.run(source, start.get(0), Long.parseLong(start.get(1)), backlog, results);
            Position from = Position.file(start.get(0), Long.parseLong(start.get(1)));
            long t1 = System.nanoTime();
            long rowsApplied = timeIso2db(source, iso, from, 1, null);
            double isoSeconds = seconds(t1);
            long t2 = System.nanoTime();
            timeIso2db(source, isoGrouped, from, 100, null);
            double groupedSeconds = seconds(t2);
            long t3 = System.nanoTime();
            timeIso2db(source, isoBinlog, from, 1, null);
            double binlogSeconds = seconds(t3);
            long t4 = System.nanoTime();
            timeIso2db(source, isoLoop, from, 1, LoopControl.regions(1, 7));
            double loopSeconds = seconds(t4);
            long t5 = System.nanoTime();
            timeIso2db(source, isoKeyOnly, from, 1, null);
            double keyOnlySeconds = seconds(t5);

            double native0Seconds = timeNative(native0, source, start, 0);
            double native4Seconds = timeNative(native4, source, start, 4);

            for (DbServer copy : List.of(iso, isoGrouped, isoBinlog, isoLoop, isoKeyOnly, native0, native4)) {
                TableComparator.Comparison c = TableComparator.compare(source, copy, DB);
                if (!c.identical()) {
                    throw new IllegalStateException("A copy differs from the source; results are void:\n" + c.report());
                }
            }
            double isoTps = backlog / isoSeconds;
            results.add("catch-up apply vs native replica, slave_parallel_threads=0", "txn/s", isoTps,
                    backlog / native0Seconds, "native, 0 threads", true);
            results.add("catch-up apply vs native replica, 4 threads optimistic", "txn/s", isoTps,
                    backlog / native4Seconds, "native, 4 threads optimistic", true);
            results.add("catch-up apply with groupCommitWhenBehind(100, 10 ms) vs native, 0 threads", "txn/s", backlog / groupedSeconds,
                    backlog / native0Seconds, "native, 0 threads", true);
            results.add("loop control on vs off (both with target binlog)", "txn/s", backlog / loopSeconds,
                    backlog / binlogSeconds, "iso2db without loop control", true);
            results.add("rows found by key and before image vs by key only", "txn/s", isoTps, backlog / keyOnlySeconds,
                    "iso2db matching by key only", true);
            results.note(String.format("catch-up backlog (" + generator + "): %,d transactions, %,d row changes on %d tables of %,d rows;"
                    + " iso2db %,.0f rows/s", backlog, rowsApplied, TABLES, rows, rowsApplied / isoSeconds));
        }
    }

    private static long timeIso2db(DbServer source, DbServer target, Position from, int group, LoopControl loop) {
        ReplicatorBuilder b = Replicator.builder();
        if (loop != null) {
            b.loopControl(loop);
        }
        if (target.serverId() == 8) {
            b.compareBeforeImage(false);
        }
        try (Replicator r = b.name("bench").serverId(100 + group + (loop == null ? 0 : 1))
                .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(), source.replicationPassword()))
                .target(ConnectionSettings.of(target.host(), target.port(), target.adminUser(), target.adminPassword()))
                .databases(DB).startAt(from).groupCommitWhenBehind(group, Duration.ofMillis(10))
                .targetBinlog(target.serverId() == 6 || target.serverId() == 7).build()) {
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
