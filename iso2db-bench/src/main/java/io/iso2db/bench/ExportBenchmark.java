package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.export.ExportResult;
import io.iso2db.export.Exporter;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.TableComparator;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Export: 8 sysbench-shaped tables copied by iso2db (8 threads and 1 thread), by mydumper+myloader
 * (8 threads) and by {@code mariadb-dump | mariadb}, into the same target server. Every copy is
 * compared with the source. The first 8-thread copy is then verified ({@code Verifier}, 8 threads):
 * its speed against the export of the same data. iso2db and mydumper+myloader are compared in
 * alternating runs (B A A B): the servers warm up during the benchmark, and whatever runs later
 * runs faster.
 */
final class ExportBenchmark {

    private static final String DB = "exp";
    private static final int TABLES = 8;

    private ExportBenchmark() {
    }

    static void run(DbServer source, DbServer target, int rowsPerTable, Results results) throws Exception {
        System.out.printf("%n== Export: %d tables x %,d rows ==%n", TABLES, rowsPerTable);
        source.execute("CREATE DATABASE " + DB);
        Backlog.createTables(source, DB, TABLES);
        Backlog.fill(source, DB, TABLES, rowsPerTable);
        long rows = (long) TABLES * rowsPerTable;

        double iso8 = iso2db(source, target, 8, rows);
        // verify the copy just made, quiet servers: the same data read with the same threads, checksums instead of rows
        long tv = System.nanoTime();
        io.iso2db.export.VerifyResult v = io.iso2db.export.Verifier.builder().source(admin(source)).target(admin(target))
                .databases(DB).threads(8).build().run();
        double verify = seconds(tv);
        if (!v.equal() || v.rows() != rows) {
            throw new IllegalStateException("verify of an identical copy reported otherwise; results are void:\n" + v.report());
        }
        System.out.printf("  iso2db verify, 8 threads: %.1f s, %,.0f rows/s%n", verify, rows / verify);
        results.add("verify of the exported data, 8 threads", "rows/s", rows / verify, rows / iso8, "iso2db export, 8 threads",
                true);
        double iso1 = iso2db(source, target, 1, rows);
        results.note(String.format("iso2db export, 1 thread: %,.0f rows/s; 8 threads: %,.0f rows/s", rows / iso1, rows / iso8));
        results.note(chunkSizes(source, target, rows));

        double ceiling = loadDataCeiling(source, target, rows);
        String mydumper = Tools.find("mydumper", "mydumper");
        String myloader = Tools.find("myloader", "mydumper");
        // the copies speed up as the servers warm (171k -> 230k rows/s within one sequence of the same
        // export): iso2db and mydumper+myloader run alternately, B A A B, and their means compare
        double iso8Warm = iso8;
        if (mydumper != null && myloader != null) {
            double my1 = myDumperLoader(mydumper, myloader, source, target, rows);
            double isoA = iso2db(source, target, 8, rows);
            double isoB = iso2db(source, target, 8, rows);
            double my2 = myDumperLoader(mydumper, myloader, source, target, rows);
            iso8Warm = (isoA + isoB) / 2;
            double my = (my1 + my2) / 2;
            results.add("export, 8 threads", "rows/s", rows / iso8Warm, rows / my, "mydumper+myloader, 8 threads", true);
            results.note(String.format("export vs mydumper+myloader in the order B A A B, rows/s: %,.0f, %,.0f, %,.0f, %,.0f"
                    + " (each tool's rate from its mean time); iso2db's first, coldest run: %,.0f",
                    rows / my1, rows / isoA, rows / isoB, rows / my2, rows / iso8));
        }
        results.add("export vs the LOAD DATA ceiling, 8 threads", "rows/s", rows / iso8Warm, rows / ceiling,
                "SELECT INTO OUTFILE + LOAD DATA INFILE, 2 loaders", true);
        String dumpTool = Tools.find("mariadb-dump", "mariadb-client");
        String client = Tools.find("mariadb", "mariadb-client");
        if (dumpTool != null && client != null) {
            fresh(target);
            long t = System.nanoTime();
            String pipe = String.join(" ", dumpTool) + " " + String.join(" ", Tools.connection(source))
                    + " --single-transaction --databases " + DB + " | " + client + " " + String.join(" ", Tools.connection(target));
            Tools.run(List.of("bash", "-o", "pipefail", "-c", pipe), File.createTempFile("iso2db-bench-dump", ".log"));
            double s = seconds(t);
            verify(source, target, "mariadb-dump piped to mariadb");
            results.add("export vs single-threaded dump", "rows/s", rows / iso8Warm, rows / s, "mariadb-dump piped to mariadb", true);
        }
    }

    /** mydumper then myloader, 8 threads each, into a fresh target; returns seconds for both. */
    private static double myDumperLoader(String mydumper, String myloader, DbServer source, DbServer target, long rows)
            throws Exception {
        File dir = Files.createTempDirectory("iso2db-bench-mydumper").toFile();
        fresh(target);
        long t = System.nanoTime();
        List<String> dump = new ArrayList<>(List.of(mydumper));
        dump.addAll(Tools.connection(source));
        // no --rows: with chunks of one table loaded in parallel, myloader 0.10 hits InnoDB deadlocks and gives up
        dump.addAll(List.of("--database=" + DB, "--threads=8", "--outputdir=" + dir.getPath()));
        Tools.run(dump, new File(dir.getParentFile(), "mydumper.log"));
        List<String> load = new ArrayList<>(List.of(myloader));
        load.addAll(Tools.connection(target));
        load.addAll(List.of("--database=" + DB, "--threads=8", "--overwrite-tables", "--directory=" + dir.getPath()));
        Tools.run(load, new File(dir.getParentFile(), "myloader.log"));
        double s = seconds(t);
        verify(source, target, "mydumper+myloader");
        System.out.printf("  mydumper+myloader, 8 threads: %.1f s, %,.0f rows/s%n", s, rows / s);
        deleteDirectory(dir);
        return s;
    }

    /**
     * The default chunk (50,000 rows) against 200,000, 8 threads, run alternately (B A A B B A A B):
     * a sweep that runs one size after the other gives the later one a warmer source.
     */
    private static String chunkSizes(DbServer source, DbServer target, long rows) {
        int[] order = {200_000, 50_000, 50_000, 200_000, 200_000, 50_000, 50_000, 200_000};
        java.util.Map<Integer, java.util.DoubleSummaryStatistics> bySize = new java.util.HashMap<>();
        StringBuilder runs = new StringBuilder();
        for (int chunkRows : order) {
            double rate = rows / iso2db(source, target, 8, chunkRows, rows);
            bySize.computeIfAbsent(chunkRows, k -> new java.util.DoubleSummaryStatistics()).accept(rate);
            runs.append(runs.length() == 0 ? "" : ", ").append(String.format("%,d: %,.0f", chunkRows, rate));
        }
        double small = bySize.get(50_000).getAverage();
        double large = bySize.get(200_000).getAverage();
        return String.format("iso2db export, 8 threads, chunks of 200,000 vs 50,000 rows (default), alternating: "
                + "mean %,.0f vs %,.0f rows/s = %.2fx (runs in order, rows/s: %s)", large, small, large / small, runs);
    }

    private static double iso2db(DbServer source, DbServer target, int threads, long rows) {
        return iso2db(source, target, threads, 0, rows);
    }

    /** @param chunkRows 0 for the default */
    private static double iso2db(DbServer source, DbServer target, int threads, int chunkRows, long rows) {
        fresh(target);
        long t = System.nanoTime();
        io.iso2db.export.ExporterBuilder b = Exporter.builder().source(admin(source)).target(admin(target)).databases(DB)
                .threads(threads);
        if (chunkRows > 0) {
            b.chunkRows(chunkRows);
        }
        ExportResult r = b.build().run();
        double s = seconds(t);
        if (r.rows() != rows) {
            throw new IllegalStateException("iso2db exported " + r.rows() + " rows, expected " + rows);
        }
        verify(source, target, "iso2db " + threads + " threads");
        System.out.printf("  iso2db, %d thread(s): %.1f s, %,.0f rows/s%n", threads, s, rows / s);
        return s;
    }

    /**
     * The bulk-load ceiling on these servers: every table dumped by the source server itself
     * ({@code SELECT ... INTO OUTFILE}, no client in between) and loaded by the target server from
     * that file ({@code LOAD DATA INFILE}, two loaders), secondary indexes kept as created. No
     * consistent snapshot, no network: what a copy cannot beat. Returns seconds.
     */
    private static double loadDataCeiling(DbServer source, DbServer target, long rows) throws Exception {
        fresh(target);
        target.execute("CREATE DATABASE " + DB);
        Backlog.createTables(target, DB, TABLES);
        File dir = Files.createTempDirectory("iso2db-bench-outfile").toFile();
        dir.setWritable(true, false);
        long t = System.nanoTime();
        List<Thread> loaders = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int l = 0; l < 2; l++) {
            int first = l;
            Thread loader = new Thread(() -> {
                try {
                    for (int i = 1 + first; i <= TABLES; i += 2) {
                        String file = new File(dir, "sbtest" + i + ".txt").getPath();
                        source.execute("SELECT * INTO OUTFILE '" + file + "' FROM " + DB + ".sbtest" + i);
                        target.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0, sql_log_bin = 0",
                                "LOAD DATA INFILE '" + file + "' INTO TABLE " + DB + ".sbtest" + i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            loaders.add(loader);
            loader.start();
        }
        for (Thread l : loaders) {
            l.join();
        }
        double s = seconds(t);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the LOAD DATA ceiling could not be measured", errors.get(0));
        }
        verify(source, target, "SELECT INTO OUTFILE + LOAD DATA");
        System.out.printf("  LOAD DATA ceiling (2 loaders): %.1f s, %,.0f rows/s%n", s, rows / s);
        deleteDirectory(dir);
        return s;
    }

    /**
     * The dump files of a reference run: a copy of the whole data set (about 2 GB at full scale)
     * would otherwise stay in /tmp.
     */
    private static void deleteDirectory(File dir) {
        for (File f : dir.listFiles()) {
            f.delete();
        }
        dir.delete();
    }

    private static void fresh(DbServer target) {
        target.execute("DROP DATABASE IF EXISTS " + DB);
    }

    private static void verify(DbServer source, DbServer target, String who) {
        TableComparator.Comparison c = TableComparator.compare(source, target, DB);
        if (!c.identical()) {
            throw new IllegalStateException(who + " produced a copy that differs; results are void:\n" + c.report());
        }
    }

    static ConnectionSettings admin(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    private static double seconds(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
