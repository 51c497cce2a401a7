package io.iso2db.bench;

import io.iso2db.testkit.MariaDbServer;
import java.util.List;

/**
 * Runs every benchmark, each against its reference in the same run, and writes the results
 * ({@code RESULTS.md}, {@code results.json} in the module directory). A copy that differs from its
 * source fails the run. Installs nothing: a missing reference tool is reported and its
 * comparison skipped.
 *
 * <p>Arguments: {@code --quick} for a small variant (a few minutes); {@code --only=catchup|lag|memory|export}
 * for one benchmark (results are then printed, not written).
 */
public final class BenchSuite {

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst()
                .orElse(null);
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        long t0 = System.nanoTime();
        Results results = new Results();
        String version;
        if (only == null || only.equals("catchup")) {
            CatchUpBenchmark.run(quick, results);
        }
        if (only == null || only.equals("lag")) {
            LagBenchmark.run(quick, results);
        }
        if (only == null || only.equals("memory")) {
            MemoryBenchmark.run(quick, results);
        }
        try (MariaDbServer source = MariaDbServer.builder().serverId(11).start();
             MariaDbServer target = MariaDbServer.builder().serverId(12).start()) {
            version = source.version() + " (" + source.backend() + ")";
            if (only == null || only.equals("export")) {
                ExportBenchmark.run(source, target, quick ? 100_000 : 1_000_000, results);
            }
        }
        if (only != null) {
            System.out.print(results.markdown("", version, "--only=" + only));
            return;
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        results.write(machine, "MariaDB " + version, quick ? "--quick" : "full");
        System.out.printf("Benchmark suite finished in %.1f min%n", (System.nanoTime() - t0) / 60e9);
    }
}
