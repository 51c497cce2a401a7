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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Memory: a replicator in its own JVM with {@code -Xmx256m} applies one 2M-row source transaction;
 * reported are the child's peak RSS (VmHWM) and peak heap (sum of the heap pools' peaks).
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
                s.execute("CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".big (id INT PRIMARY KEY, c CHAR(100))");
            }
            Position start = BinlogEnd.of(source);
            source.execute("USE " + DB, "INSERT INTO big SELECT seq, MD5(seq) FROM seq_1_to_" + rows);
            List<String> args = List.of(source.host(), String.valueOf(source.port()), source.replicationUser(),
                    source.replicationPassword(), target.host(), String.valueOf(target.port()), target.adminUser(),
                    target.adminPassword(), start.binlogFile().orElseThrow(), String.valueOf(start.offset()));
            long t = System.nanoTime();
            try (ChildJvm child = ChildJvm.start(Child.class, List.of("-Xmx256m"), args)) {
                long peakRss = 0;
                while (child.isAlive()) {
                    peakRss = Math.max(peakRss, rssKb(child.pid(), "VmHWM"));
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
                results.note(String.format("memory: one %,d-row transaction applied with -Xmx256m in %.1f s (JVM start"
                        + " included): peak RSS %,d MB, peak heap %s MB", rows, s, peakRss / 1024, heap));
            }
        }
    }

    private static long rssKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process ended between the check and the read
        }
        return 0;
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
