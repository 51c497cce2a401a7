package io.iso2db.bench;

/**
 * How big each benchmark runs.
 *
 * @param name                  as given on the command line ({@code full}, {@code --quick}, {@code --smoke})
 * @param catchUpRows           rows per table of the catch-up backlog's tables
 * @param catchUpTransactions   transactions in the catch-up backlog
 * @param lagMillis             how long the steady-state lag is measured (after a warm-up of a third of it, at most 5 s)
 * @param memoryRows            rows of the one large transaction of the memory benchmark
 * @param exportRowsPerTable    rows of each of the 8 exported tables
 * @param bulkTransactions      transactions of 10,000 rows in the bulk catch-up backlog
 */
record Scale(String name, int catchUpRows, int catchUpTransactions, long lagMillis, int memoryRows,
             int exportRowsPerTable, int bulkTransactions) {

    static final Scale FULL = new Scale("full", 100_000, 100_000, 60_000, 2_000_000, 1_000_000, 200);
    static final Scale QUICK = new Scale("--quick", 10_000, 20_000, 15_000, 500_000, 100_000, 40);
    /** Seconds per benchmark: proves the harness works end to end (the CI test); its numbers mean nothing. */
    static final Scale SMOKE = new Scale("--smoke", 1_000, 1_000, 3_000, 20_000, 2_000, 4);

    static Scale of(java.util.List<String> args) {
        return args.contains("--smoke") ? SMOKE : args.contains("--quick") ? QUICK : FULL;
    }

    long lagWarmUpMillis() {
        return Math.min(5_000, lagMillis / 3);
    }
}
