package io.iso2db.bench;

import com.github.shyiko.mysql.binlog.event.EventType;
import io.iso2db.Position;
import io.iso2db.internal.source.BinlogSource;
import io.iso2db.testkit.DbServer;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binlog read + decode with no apply: iso2db's binlog connection (every row decoded exactly) against
 * {@code mariadb-binlog --read-from-remote-server}, raw and decoded ({@code --verbose}) to /dev/null.
 */
final class ReadBenchmark {

    private ReadBenchmark() {
    }

    static void run(DbServer source, String file, long offset, long transactions, Results results) throws Exception {
        double iso = iso2db(source, file, offset, transactions);
        System.out.printf("  iso2db read+decode: %.2f s (%,.0f txn/s)%n", iso, transactions / iso);
        String tool = Tools.find("mariadb-binlog", "mariadb-client");
        if (tool == null) {
            return;
        }
        File dir = Files.createTempDirectory("iso2db-bench-binlog").toFile();
        List<String> base = new ArrayList<>(List.of(tool, "--read-from-remote-server"));
        base.addAll(Tools.connection(source));
        base.add("--start-position=" + offset);

        List<String> raw = new ArrayList<>(base);
        raw.addAll(List.of("--raw", "--result-file=" + dir.getPath() + "/", file));
        long t = System.nanoTime();
        File rawLog = new File(dir, "raw.log");
        try {
            Tools.run(raw, rawLog);
        } catch (IllegalStateException e) {
            String log = Files.readString(rawLog.toPath());
            if (!log.contains("unrecognized MariaDB version")) {
                throw e;
            }
            // e.g. the system's 10.11 client against the embedded 11.4 server
            System.out.printf("  skipped: %s cannot read MariaDB %s (%s); that comparison is left out%n", tool,
                    source.version(), log.trim());
            return;
        }
        double rawSeconds = (System.nanoTime() - t) / 1e9;
        results.add("binlog read, no apply vs mariadb-binlog --raw", "txn/s", transactions / iso,
                transactions / rawSeconds, "mariadb-binlog raw", true);

        List<String> decoded = new ArrayList<>(base);
        decoded.addAll(List.of("--verbose", "--result-file=/dev/null", file));
        t = System.nanoTime();
        Tools.run(decoded, new File(dir, "decoded.log"));
        double decodedSeconds = (System.nanoTime() - t) / 1e9;
        results.add("binlog read + decode vs mariadb-binlog --verbose", "txn/s", transactions / iso,
                transactions / decodedSeconds, "mariadb-binlog decoded", true);
    }

    private static double iso2db(DbServer source, String file, long offset, long transactions) throws Exception {
        AtomicLong seen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        BinlogSource reader = new BinlogSource("bench-read", ExportBenchmark.admin(source), 9999,
                Position.file(file, offset), false, 10_000, t -> true, e -> {
            EventType type = e.getHeader().getEventType();
            if (type == EventType.XID && seen.incrementAndGet() >= transactions) {
                done.countDown();
            }
        }, e -> done.countDown());
        long t = System.nanoTime();
        reader.connect(10_000);
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("iso2db read did not finish");
        }
        double s = (System.nanoTime() - t) / 1e9;
        reader.disconnect();
        if (seen.get() < transactions) {
            throw new IllegalStateException("iso2db read " + seen.get() + " of " + transactions + " transactions");
        }
        return s;
    }
}
