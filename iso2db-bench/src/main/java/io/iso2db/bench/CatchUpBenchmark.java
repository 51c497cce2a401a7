package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.LoopControl;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.ReplicatorBuilder;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.LinkProxy;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Catch-up apply: a write-only backlog is built on the source, then applied by iso2db and by
 * native MariaDB replicas (single-threaded and 4-thread optimistic), each into its own server
 * holding the same starting data. Prints transactions/s and the ratios; fails when any copy
 * differs from the source.
 *
 * The headline comparisons, iso2db's default against the native replicas, run alternately
 * (native 0 threads, native 4 threads, iso2db, iso2db, native 4 threads, native 0 threads: each
 * into its own server) and compare mean times, so no side gains from running later on warmer servers.
 *
 * iso2db runs with its default configuration, with strict transaction boundaries, with the target
 * behind a 1 ms (each way) latency proxy, with loop control (against the target binlog on without
 * it), and matching rows by key only. A second backlog of 10,000-row transactions compares bulk
 * apply.
 */
final class CatchUpBenchmark {

    private static final String DB = "sbtest";
    private static final int TABLES = 4;
    /** Apply sessions in the parallel rows. */
    private static final int PARALLEL = 4;

    private CatchUpBenchmark() {
    }

    static void run(Scale scale, Results results) throws Exception {
        int rows = scale.catchUpRows();
        int transactions = scale.catchUpTransactions();
        System.out.printf("%n== Catch-up apply ==%n");
        try (MariaDbServer source = MariaDbServer.builder().serverId(1).start();
             MariaDbServer iso = MariaDbServer.builder().serverId(2).start();
             MariaDbServer isoAgain = MariaDbServer.builder().serverId(14).start();
             MariaDbServer isoStrict = MariaDbServer.builder().serverId(5).start();
             MariaDbServer isoWan = MariaDbServer.builder().serverId(9).start();
             MariaDbServer isoParallel = MariaDbServer.builder().serverId(10).start();
             MariaDbServer isoStrictParallel = MariaDbServer.builder().serverId(11).start();
             MariaDbServer isoWanParallel = MariaDbServer.builder().serverId(12).start();
             MariaDbServer isoBinlog = MariaDbServer.builder().serverId(6).start();
             MariaDbServer isoLoop = MariaDbServer.builder().serverId(7).start();
             MariaDbServer isoBeforeImage = MariaDbServer.builder().serverId(8).start();
             MariaDbServer isoWarmUp = MariaDbServer.builder().serverId(13).start();
             MariaDbServer native0 = MariaDbServer.builder().serverId(3).extraArgs("--log-slave-updates=OFF").start();
             MariaDbServer native0Again = MariaDbServer.builder().serverId(15).extraArgs("--log-slave-updates=OFF").start();
             MariaDbServer native4 = MariaDbServer.builder().serverId(4).extraArgs("--log-slave-updates=OFF").start();
             MariaDbServer native4Again = MariaDbServer.builder().serverId(16).extraArgs("--log-slave-updates=OFF").start();
             LinkProxy wan = LinkProxy.start(isoWan.host(), isoWan.port(), Duration.ofMillis(1), 0);
             LinkProxy wanParallel = LinkProxy.start(isoWanParallel.host(), isoWanParallel.port(),
                     Duration.ofMillis(1), 0)) {
            LoopControl.installMarkerTable(ExportBenchmark.admin(isoLoop));
            List<DbServer> followers = List.of(iso, isoAgain, isoStrict, isoWan, isoBinlog, isoLoop, isoBeforeImage,
                    isoParallel, isoStrictParallel, isoWanParallel, native0, native0Again, native4, native4Again, isoWarmUp);
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
            Position from = BinlogEnd.of(source);
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

            ReadBenchmark.run(source, from.binlogFile().orElseThrow(), from.offset(), backlog, results);
            // not counted: the first apply in this JVM ran up to a third slower than the same one later (JIT, caches)
            timeIso2db(source, isoWarmUp, from, 100, b -> b);
            // the headline comparisons alternately (B A A B around the default): ratios of mean times
            double native0First = timeNative(native0, source, from, 0);
            double native4First = timeNative(native4, source, from, 4);
            Timed plainFirst = timeIso2db(source, iso, from, 101, b -> b);
            Timed plainSecond = timeIso2db(source, isoAgain, from, 111, b -> b);
            double native4Second = timeNative(native4Again, source, from, 4);
            double native0Second = timeNative(native0Again, source, from, 0);
            Timed plain = new Timed(plainFirst.rows, (plainFirst.seconds + plainSecond.seconds) / 2);
            double native0Seconds = (native0First + native0Second) / 2;
            double native4Seconds = (native4First + native4Second) / 2;
            System.out.printf("Headline, alternating: native 0 threads %.2f s, native 4 threads %.2f s, iso2db %.2f s,"
                    + " iso2db %.2f s, native 4 threads %.2f s, native 0 threads %.2f s%n", native0First, native4First,
                    plainFirst.seconds, plainSecond.seconds, native4Second, native0Second);
            double beforeImageSeconds = timeIso2db(source, isoBeforeImage, from, 106, b -> b.compareBeforeImage(true)).seconds;
            double strictSeconds = timeIso2db(source, isoStrict, from, 102, ReplicatorBuilder::preserveTransactionBoundaries).seconds;
            double wanSeconds = timeIso2db(source, ConnectionSettings.of(wan.host(), wan.port(), isoWan.adminUser(),
                    isoWan.adminPassword()), from, 103, b -> b).seconds;
            // loop control compares before images by default: the run without it does too, so the ratio is the marker's and binlog's cost
            double binlogSeconds = timeIso2db(source, isoBinlog, from, 104, b -> b.targetBinlog(true).compareBeforeImage(true)).seconds;
            double loopSeconds = timeIso2db(source, isoLoop, from, 105,
                    b -> b.targetBinlog(true).loopControl(LoopControl.regions(1, 7))).seconds;
            double parallelSeconds = timeIso2db(source, isoParallel, from, 108, b -> b.parallelApply(PARALLEL)).seconds;
            double strictParallelSeconds = timeIso2db(source, isoStrictParallel, from, 109,
                    b -> b.preserveTransactionBoundaries().parallelApply(PARALLEL)).seconds;
            double wanParallelSeconds = timeIso2db(source, ConnectionSettings.of(wanParallel.host(), wanParallel.port(),
                    isoWanParallel.adminUser(), isoWanParallel.adminPassword()), from, 110,
                    b -> b.parallelApply(PARALLEL)).seconds;

            for (DbServer copy : followers) {
                TableComparator.Comparison c = TableComparator.compare(source, copy, DB);
                if (!c.identical()) {
                    throw new IllegalStateException("A copy differs from the source; results are void:\n" + c.report());
                }
            }
            double isoTps = backlog / plain.seconds;
            results.add("catch-up apply, default config, vs native replica, slave_parallel_threads=0 (alternating, mean times)",
                    "txn/s", isoTps, backlog / native0Seconds, "native, 0 threads", true);
            results.add("catch-up apply, default config, vs native replica, 4 threads optimistic (alternating, mean times)",
                    "txn/s", isoTps, backlog / native4Seconds, "native, 4 threads optimistic", true);
            results.add("catch-up apply, preserveTransactionBoundaries() vs native, 0 threads", "txn/s",
                    backlog / strictSeconds, backlog / native0Seconds, "native, 0 threads", true);
            results.add("catch-up apply, parallelApply(" + PARALLEL + ") vs one session (default config otherwise)", "txn/s",
                    backlog / parallelSeconds, isoTps, "iso2db, one session", true);
            results.add("catch-up apply, preserveTransactionBoundaries() + parallelApply(" + PARALLEL + ") vs native, 0 threads",
                    "txn/s", backlog / strictParallelSeconds, backlog / native0Seconds, "native, 0 threads", true);
            results.add("catch-up apply, target behind a 1 ms proxy, parallelApply(" + PARALLEL + ") vs one session",
                    "txn/s", backlog / wanParallelSeconds, backlog / wanSeconds, "iso2db, one session, same proxy", true);
            results.add("catch-up apply, default config, target behind a 1 ms (each way) proxy vs direct", "txn/s",
                    backlog / wanSeconds, isoTps, "iso2db, target direct", true);
            results.add("loop control on vs off (both with target binlog and before images compared)", "txn/s", backlog / loopSeconds,
                    backlog / binlogSeconds, "iso2db without loop control", true);
            results.add("rows found by key and before image (compareBeforeImage(true)) vs by key only (default)", "txn/s",
                    backlog / beforeImageSeconds, isoTps, "iso2db default, by key only", true);
            results.note(String.format("catch-up backlog (" + generator + "): %,d transactions, %,d row changes on %d tables of %,d rows;"
                    + " iso2db %,.0f rows/s", backlog, plain.rows, TABLES, rows, plain.rows / plain.seconds));
        }
        bulk(scale, results);
    }

    /** A backlog of large transactions (10,000 rows each: inserted, then updated), as batch jobs write them. */
    private static void bulk(Scale scale, Results results) throws Exception {
        int transactions = scale.bulkTransactions();
        System.out.printf("%n== Catch-up apply of %d transactions of 10,000 rows ==%n", transactions);
        try (MariaDbServer source = MariaDbServer.builder().serverId(31).start();
             MariaDbServer iso = MariaDbServer.builder().serverId(32).start();
             MariaDbServer native0 = MariaDbServer.builder().serverId(33).extraArgs("--log-slave-updates=OFF").start()) {
            String ddl = "CREATE TABLE " + DB + ".bulk (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, KEY (k))";
            for (DbServer s : List.of(source, iso, native0)) {
                s.execute("CREATE DATABASE " + DB, ddl);
            }
            Position from = BinlogEnd.of(source);
            for (int t = 0; t < transactions; t++) {
                int base = (t / 2) * 10_000;
                source.execute(t % 2 == 0
                        ? "INSERT INTO " + DB + ".bulk SELECT " + base + " + seq, seq % 100, REPEAT(CHAR(97 + seq % 26), 120)"
                                + " FROM " + DB + ".seq_1_to_10000"
                        : "UPDATE " + DB + ".bulk SET k = k + 1, c = REPEAT('u', 120) WHERE id > " + base
                                + " AND id <= " + (base + 10_000));
            }
            Timed isoRun = timeIso2db(source, iso, from, 107, b -> b);
            double nativeSeconds = timeNative(native0, source, from, 0);
            for (DbServer copy : List.of(iso, native0)) {
                TableComparator.Comparison c = TableComparator.compare(source, copy, DB);
                if (!c.identical()) {
                    throw new IllegalStateException("A copy differs from the source; results are void:\n" + c.report());
                }
            }
            results.add("catch-up apply of 10,000-row transactions, default config, vs native, 0 threads", "rows/s",
                    isoRun.rows / isoRun.seconds, isoRun.rows / nativeSeconds, "native, 0 threads", true);
        }
    }

    private record Timed(long rows, double seconds) {
    }

    private static Timed timeIso2db(DbServer source, DbServer target, Position from, int serverId,
                                    UnaryOperator<ReplicatorBuilder> config) {
        return timeIso2db(source, ExportBenchmark.admin(target), from, serverId, config);
    }

    private static Timed timeIso2db(DbServer source, ConnectionSettings target, Position from, int serverId,
                                    UnaryOperator<ReplicatorBuilder> config) {
        long t = System.nanoTime();
        try (Replicator r = config.apply(Replicator.builder().name("bench").serverId(serverId)
                .source(ConnectionSettings.of(source.host(), source.port(), source.replicationUser(), source.replicationPassword()))
                .target(target).databases(DB).startAt(from)).build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofMinutes(30));
            return new Timed(r.rowsApplied(), seconds(t));
        }
    }

    private static double timeNative(DbServer replica, DbServer source, Position from, int threads)
            throws InterruptedException {
        long t = System.nanoTime();
        NativeReplica.start(replica, source, from.binlogFile().orElseThrow(), from.offset(), threads);
        NativeReplica.awaitCaughtUp(replica, source, 30 * 60_000L);
        double s = seconds(t);
        NativeReplica.stop(replica);
        return s;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
