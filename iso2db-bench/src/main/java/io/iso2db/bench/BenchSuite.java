package io.iso2db.bench;

import io.iso2db.testkit.MariaDbServer;
import java.util.List;

/**
 * Runs every benchmark, each against its reference in the same run, and writes the results
 * ({@code RESULTS.md}, {@code results.json} in the module directory). A copy that differs from its
 * source fails the run. Installs nothing: a missing reference tool is reported and its
 * comparison skipped.
 *
 * <p>Arguments: {@code --quick} for a small variant (a few minutes), {@code --smoke} for a tiny one
 * (about a minute, meaningless numbers: proves the harness works); {@code --only=catchup|lag|memory|verify|export}
 * for one benchmark. Results are written only by a full run of all benchmarks (every other run
 * prints them: a quick run must not replace the full run's figures). The soak
 * (30 min) runs only alone: {@code --only=soak [--soak-minutes=N]}.
 */
public final class BenchSuite {

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
    }

    /** Runs the benchmarks the arguments ask for and returns their results. */
    static Results run(String... args) throws Exception {
        Scale scale = Scale.of(List.of(args));
        String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst()
                .orElse(null);
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        long t0 = System.nanoTime();
        Results results = new Results();
        String version;
        if (only == null || only.equals("catchup")) {
            CatchUpBenchmark.run(scale, results);
        }
        if (only == null || only.equals("lag")) {
            LagBenchmark.run(scale, results);
        }
        if (only == null || only.equals("memory")) {
            MemoryBenchmark.run(scale, results);
        }
        if (only == null || only.equals("verify")) {
            VerifyBenchmark.run(scale, results);
        }
        if ("soak".equals(only)) {
            double minutes = List.of(args).stream().filter(a -> a.startsWith("--soak-minutes="))
                    .mapToDouble(a -> Double.parseDouble(a.substring(15))).findFirst().orElse(30);
            SoakBenchmark.run(minutes, results);
        }
        try (MariaDbServer source = MariaDbServer.builder().serverId(11).start();
             MariaDbServer target = MariaDbServer.builder().serverId(12).start()) {
            version = source.version() + " (" + source.backend() + ")";
            if (only == null || only.equals("export")) {
                ExportBenchmark.run(source, target, scale.exportRowsPerTable(), results);
            }
        }
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
        if (only != null || scale != Scale.FULL) {
            System.out.print(results.markdown(machine, "MariaDB " + version, scale.name() + (only == null ? "" : " --only=" + only)));
            return results;
        }
        results.write(machine, "MariaDB " + version, scale.name());
        System.out.printf("Benchmark suite finished in %.1f min%n", (System.nanoTime() - t0) / 60e9);
        return results;
    }
}
