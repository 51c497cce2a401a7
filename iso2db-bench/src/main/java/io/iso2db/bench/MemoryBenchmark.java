package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;

/**
 * Memory (fault matrix row 10): a replicator in its own JVM with {@code -Xmx256m} applies one source
 * transaction of about 1 KB per row (2M rows, ~2 GB of row images, at full scale); reported are its
 * size in the binlog, the child's peak RSS (VmHWM), peak heap (sum of the heap pools' peaks) and
 * the RSS curve over the run: flat means the transaction streams instead of being held.
 */
final class MemoryBenchmark {

    private static final String DB = "mem";

    private MemoryBenchmark() {
    }

    static void run(Scale scale, Results results) throws Exception {
        int rows = scale.memoryRows();
        System.out.printf("%n== Memory: one %,d-row transaction, -Xmx256m ==%n", rows);
        try (MariaDbServer source = MariaDbServer.builder().serverId(31).start();
             MariaDbServer target = MariaDbServer.builder().serverId(32).start()) {
            for (DbServer s : List.of(source, target)) {
                s.execute("CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".big (id INT PRIMARY KEY, c VARCHAR(1000))");
            }
            Position start = BinlogEnd.of(source);
            source.execute("USE " + DB, "INSERT INTO big SELECT seq, REPEAT(MD5(seq), 31) FROM seq_1_to_" + rows);
            long binlogBytes = -start.offset();   // the file may rotate after the transaction: count every file since
            for (List<String> log : source.query("SHOW BINARY LOGS")) {
                if (log.get(0).compareTo(start.binlogFile().orElseThrow()) >= 0) {
                    binlogBytes += Long.parseLong(log.get(1));
                }
            }
            List<String> args = List.of(source.host(), String.valueOf(source.port()), source.replicationUser(),
                    source.replicationPassword(), target.host(), String.valueOf(target.port()), target.adminUser(),
                    target.adminPassword(), start.binlogFile().orElseThrow(), String.valueOf(start.offset()));
            long t = System.nanoTime();
            try (ChildJvm child = ChildJvm.start(Child.class, List.of("-Xmx256m"), args)) {
                long peakRss = 0;
                List<Long> curve = new java.util.ArrayList<>();   // VmRSS in MB, one sample a second
                for (long tick = 0; child.isAlive(); tick++) {
                    peakRss = Math.max(peakRss, ProcStatus.of(child.pid(), "VmHWM"));
                    if (tick % 5 == 0) {
                        curve.add(ProcStatus.of(child.pid(), "VmRSS") / 1024);
                    }
                    Thread.sleep(200);
                }
                double s = (System.nanoTime() - t) / 1e9;
                String out = child.output();
                if (!out.contains("PEAK_HEAP_MB=")) {
                    throw new IllegalStateException("replicator child failed:\n" + out);
                }
                String heap = out.substring(out.indexOf("PEAK_HEAP_MB=") + 13).split("\\s")[0];
                TableComparator.Comparison c = TableComparator.compare(source, target, DB);
                if (!c.identical()) {
                    throw new IllegalStateException("The copy differs; results are void:\n" + c.report());
                }
                results.note(String.format("memory: one %,d-row transaction (%,d MB in the binlog) applied with -Xmx256m"
                        + " in %.1f s (JVM start included): peak RSS %,d MB, peak heap %s MB; RSS over the run (MB, tenths"
                        + " of the time): %s", rows, binlogBytes >> 20, s, peakRss / 1024, heap, tenths(curve)));
            }
        }
    }

    /** The samples at 0 %, 10 %, ... 100 % of the run. */
    private static List<Long> tenths(List<Long> samples) {
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i <= 10 && !samples.isEmpty(); i++) {
            out.add(samples.get(Math.min(samples.size() - 1, i * (samples.size() - 1) / 10)));
        }
        return out;
    }

    /** The replicator JVM: applies from the given position until caught up, then prints its peak heap. */
    public static final class Child {
        public static void main(String[] a) {
            try (Replicator r = Replicator.builder().name("mem").serverId(301)
                    .source(ConnectionSettings.of(a[0], Integer.parseInt(a[1]), a[2], a[3]))
                    .target(ConnectionSettings.of(a[4], Integer.parseInt(a[5]), a[6], a[7]))
                    .databases(DB).startAt(Position.file(a[8], Long.parseLong(a[9]))).build()) {
                r.start();
                r.awaitCaughtUp(Duration.ofMinutes(20));
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("PEAK_HEAP_MB=" + (peak >> 20));
        }
    }
}
