package io.iso2db.bench;

import io.iso2db.Replicator;
import io.iso2db.export.Exporter;
import io.iso2db.export.VerifyResult;
import io.iso2db.export.Verifier;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Verify while replication runs: 8 sysbench-shaped tables exported, replication from the export's
 * position, a writer at 500 txn/s on all tables; whole-database verifies must report equal (any
 * difference is a false one: the run fails), and many one-table verifies give the time the
 * replicator is held per cut (p50/p99/max; each cut verifies a small table, the cut being what is timed).
 */
final class VerifyBenchmark {

    private static final String DB = "ver";
    private static final int TABLES = 8;
    private static final int TPS = 500;

    private VerifyBenchmark() {
    }

    static void run(Scale scale, Results results) throws Exception {
        int rowsPerTable = scale.exportRowsPerTable();
        int cuts = scale == Scale.SMOKE ? 10 : 100;
        System.out.printf("%n== Verify under %d txn/s: %d tables x %,d rows, %d cuts ==%n", TPS, TABLES, rowsPerTable, cuts);
        try (MariaDbServer source = MariaDbServer.builder().serverId(51).start();
             MariaDbServer target = MariaDbServer.builder().serverId(52).start()) {
            source.execute("CREATE DATABASE " + DB);
            Backlog.createTables(source, DB, TABLES);
            Backlog.fill(source, DB, TABLES, rowsPerTable);
            // the cuts verify this small table: each still takes a whole cut, which is what is measured
            source.execute("CREATE TABLE " + DB + ".probe (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO " + DB + ".probe SELECT seq, seq FROM " + DB + ".seq_1_to_1000");
            var replication = Replicator.builder().name("verify-bench").serverId(501)
                    .source(io.iso2db.ConnectionSettings.of(source.host(), source.port(), source.replicationUser(),
                            source.replicationPassword()))
                    .target(ExportBenchmark.admin(target)).databases(DB);
            try (Replicator r = Exporter.builder().source(ExportBenchmark.admin(source)).target(ExportBenchmark.admin(target))
                    .databases(DB).threads(8).build().runThenReplicate(replication)) {
                java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread writer = new Thread(() -> Backlog.writeWhile(source, DB, TABLES, rowsPerTable, TPS, writing::get),
                        "verify-bench-writer");
                writer.setDaemon(true);
                long writes0 = Backlog.binlogSequence(source);
                writer.start();
                Thread.sleep(2000);
                long t = System.nanoTime();
                VerifyResult whole = verifier(source, target, r).build().run();
                double seconds = (System.nanoTime() - t) / 1e9;
                if (!whole.equal()) {
                    throw new IllegalStateException("False differences while replication runs:\n" + whole.report());
                }
                List<Long> held = new ArrayList<>();
                for (int i = 0; i < cuts; i++) {
                    VerifyResult one = verifier(source, target, r).tables(DB + ".probe").build().run();
                    if (!one.equal()) {
                        throw new IllegalStateException("False differences while replication runs:\n" + one.report());
                    }
                    held.add(one.held().toNanos() / 1000);
                }
                long written = Backlog.binlogSequence(source) - writes0;
                writing.set(false);
                writer.join();
                r.awaitCaughtUp(Duration.ofMinutes(5));
                Collections.sort(held);
                long p50 = held.get(held.size() / 2);
                long p99 = held.get(Math.min(held.size() - 1, (int) Math.ceil(held.size() * 0.99) - 1));
                long max = held.get(held.size() - 1);
                String line = String.format("verify while replicating %d txn/s: %,d rows in %d tables verified in %.1f s"
                        + " (%,.0f rows/s), 0 false differences over it and %d one-table verifies (%,d source transactions"
                        + " meanwhile); replicator held per cut p50 %.1f ms, p99 %.1f ms, max %.1f ms", TPS, whole.rows(),
                        whole.tables().size(), seconds, whole.rows() / seconds, cuts, written, p50 / 1000.0, p99 / 1000.0, max / 1000.0);
                System.out.println("  " + line);
                results.note(line);
            }
            awaitIdentical(source, target);
        }
    }

    private static io.iso2db.export.VerifierBuilder verifier(MariaDbServer source, MariaDbServer target, Replicator r) {
        return Verifier.builder().source(ExportBenchmark.admin(source)).target(ExportBenchmark.admin(target)).databases(DB)
                .replicator(r).threads(8);
    }

    private static void awaitIdentical(MariaDbServer source, MariaDbServer target) {
        TableComparator.Comparison c = TableComparator.compare(source, target, DB);
        if (!c.identical()) {
            throw new IllegalStateException("The copy differs at the end; results are void:\n" + c.report());
        }
    }
}
