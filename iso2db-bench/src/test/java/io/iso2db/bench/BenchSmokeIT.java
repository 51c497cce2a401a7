package io.iso2db.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness, end to end at the smallest scale: every benchmark runs against real
 * servers and its references, and verifies every copy identical to its source (the suite
 * throws otherwise). The numbers of such a tiny run mean nothing and are not checked beyond
 * being measured.
 */
class BenchSmokeIT {

    @Test
    void everyBenchmarkRunsAgainstItsReferenceAndVerifiesItsCopies() throws Exception {
        Results results = BenchSuite.run("--smoke");
        List<String> measures = results.rows().stream().map(Results.Row::measure).toList();
        assertThat(measures).contains("catch-up apply, default config, vs native replica, slave_parallel_threads=0 (alternating, mean times)",
                "catch-up apply, preserveTransactionBoundaries() vs native, 0 threads",
                "catch-up apply, default config, target behind a 1 ms (each way) proxy vs direct",
                "catch-up apply of 10,000-row transactions, default config, vs native, 0 threads",
                "loop control on vs off (both with target binlog and before images compared)",
                "rows found by key and before image (compareBeforeImage(true)) vs by key only (default)",
                "steady-state lag p99 at 1000 txn/s, default config",
                "steady-state lag p99 at 1000 txn/s, preserveTransactionBoundaries()");
        // every throughput was measured on both sides (a zero would mean nothing ran); a lag may round to 0 ms
        assertThat(results.rows()).filteredOn(r -> !r.unit().equals("ms")).allSatisfy(r -> {
            assertThat(r.iso2db()).as(r.measure()).isPositive();
            assertThat(r.reference()).as(r.measure()).isPositive();
            assertThat(r.ratio()).as(r.measure()).isPositive().isFinite();
        });
        assertThat(results.rows()).filteredOn(r -> r.unit().equals("ms")).allSatisfy(r -> {
            assertThat(r.iso2db()).as(r.measure()).isGreaterThanOrEqualTo(0);
            assertThat(r.reference()).as(r.measure()).isGreaterThanOrEqualTo(0);
        });
    }
}
