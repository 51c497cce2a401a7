package io.iso2db.bench;

import io.iso2db.testkit.MariaDbServer;
import java.util.List;

/**
 * Runs every benchmark, each against its reference in the same run, and writes the results
 * ({@code RESULTS.md}, {@code results.json} in the module directory). A copy that differs from its
 * source fails the run. Installs nothing: a missing reference tool is reported and its
 * comparison skipped.
 *
 * <p>Arguments: {@code --quick} for a small variant (a few minutes).
 */
public final class BenchSuite {

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        long t0 = System.nanoTime();
        Results results = new Results();
        String version;
        CatchUpBenchmark.run(quick, results);
        LagBenchmark.run(quick, results);
        MemoryBenchmark.run(quick, results);
        try (MariaDbServer source = MariaDbServer.builder().serverId(11).start();
             MariaDbServer target = MariaDbServer.builder().serverId(12).start()) {
            version = source.version() + " (" + source.backend() + ")";
            ExportBenchmark.run(source, target, quick ? 100_000 : 1_000_000, results);
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        results.write(machine, "MariaDB " + version, quick ? "--quick" : "full");
        System.out.printf("Benchmark suite finished in %.1f min%n", (System.nanoTime() - t0) / 60e9);
    }
}
