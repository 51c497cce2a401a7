package io.iso2db.bench;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.LinkProxy;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak (fault matrix row 14): a writer at 500 txn/s while a replicator in its own JVM
 * ({@code -Xmx256m}, default configuration) follows it through two {@link LinkProxy}s, and every
 * minute one random fault of rows 1–4 hits a link: cut now, cut after some bytes (mid-event or
 * mid-transaction), a 20 s stall. Reported: the child's RSS and thread count over the run, the
 * connections left open through the proxies, and at the end every ledger token once and identical
 * tables. Run with {@code --only=soak} (30 min; {@code --soak-minutes=N} for another length).
 */
final class SoakBenchmark {

    private static final String DB = "soak";
    private static final int TPS = 500;
    private static final int ACCOUNTS = 1000;

    private SoakBenchmark() {
    }

    static void run(double minutes, Results results) throws Exception {
        System.out.printf("%n== Soak: %d txn/s for %.1f min, a link fault every minute ==%n", TPS, minutes);
        try (MariaDbServer source = MariaDbServer.builder().serverId(41).start();
             MariaDbServer target = MariaDbServer.builder().serverId(42).start();
             LinkProxy sourceLink = LinkProxy.start(source.host(), source.port());
             LinkProxy targetLink = LinkProxy.start(target.host(), target.port())) {
            for (DbServer s : List.of(source, target)) {
                s.execute("CREATE DATABASE " + DB, "CREATE TABLE " + DB + ".ledger (token CHAR(36) NOT NULL, at DATETIME(6))",
                        "CREATE TABLE " + DB + ".acct (id INT PRIMARY KEY, bal BIGINT NOT NULL)",
                        "USE " + DB, "INSERT INTO acct SELECT seq, 0 FROM seq_1_to_" + ACCOUNTS);
            }
            Position start = BinlogEnd.of(source);
            List<String> args = List.of(sourceLink.host(), String.valueOf(sourceLink.port()), source.replicationUser(),
                    source.replicationPassword(), targetLink.host(), String.valueOf(targetLink.port()), target.adminUser(),
                    target.adminPassword(), start.binlogFile().orElseThrow(), String.valueOf(start.offset()));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> write(source, writing, written), "soak-writer");
            try (ChildJvm child = ChildJvm.start(Child.class, List.of("-Xmx256m"), args)) {
                awaitOutput(child, "STARTED");
                writer.start();
                Map<String, Integer> faults = new TreeMap<>();
                List<String> samples = new ArrayList<>();
                Random random = new Random(42);
                long t0 = System.nanoTime();
                long end = t0 + (long) (minutes * 60e9);
                long nextFault = t0 + 60_000_000_000L;
                long nextSample = t0;
                while (System.nanoTime() < end) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("The replicator died:\n" + child.output());
                    }
                    if (System.nanoTime() >= nextSample) {
                        samples.add(String.format("%.0f min: RSS %d MB, %d threads, %d+%d links", (System.nanoTime() - t0) / 60e9,
                                ProcStatus.of(child.pid(), "VmRSS") / 1024, ProcStatus.of(child.pid(), "Threads"),
                                sourceLink.openConnections(), targetLink.openConnections()));
                        nextSample += 60_000_000_000L;
                    }
                    if (System.nanoTime() >= nextFault) {
                        faults.merge(fault(random, sourceLink, targetLink), 1, Integer::sum);
                        nextFault += 60_000_000_000L;
                    }
                    Thread.sleep(200);
                }
                writing.set(false);
                writer.join();
                awaitCopy(source, target, child);
                String last = String.format("end: RSS %d MB, %d threads, %d+%d links", ProcStatus.of(child.pid(), "VmRSS") / 1024,
                        ProcStatus.of(child.pid(), "Threads"), sourceLink.openConnections(), targetLink.openConnections());
                long distinct = Long.parseLong(target.queryValue("SELECT COUNT(DISTINCT token) FROM " + DB + ".ledger"));
                long rows = Long.parseLong(target.queryValue("SELECT COUNT(*) FROM " + DB + ".ledger"));
                if (distinct != written.get() || rows != written.get()) {
                    throw new IllegalStateException("Ledger wrong: " + written.get() + " written, " + rows + " rows, "
                            + distinct + " distinct on the target");
                }
                String report = String.format("soak: %.0f min at %d txn/s, %,d transactions, faults %s; source link"
                        + " connections %d, target link %d; every token once, tables identical; RSS/threads/open"
                        + " links each minute: %s; %s", minutes, TPS, written.get(), faults, sourceLink.accepted(),
                        targetLink.accepted(), String.join("; ", samples), last);
                System.out.println("  " + report);
                results.note(report);
            }
        }
    }

    /** One fault from rows 1–4 on one of the links; returns its name. */
    private static String fault(Random random, LinkProxy sourceLink, LinkProxy targetLink) throws InterruptedException {
        int kind = random.nextInt(6);
        String name = switch (kind) {
            case 0 -> "source cut";
            case 1 -> "source cut mid-stream";
            case 2 -> "target cut";
            case 3 -> "target cut mid-transaction";
            case 4 -> "source stall 20 s";
            default -> "target stall 20 s";
        };
        System.out.printf("  %tT fault: %s%n", System.currentTimeMillis(), name);
        switch (kind) {
            case 0 -> sourceLink.cutAll();
            case 1 -> sourceLink.cutAfter(LinkProxy.Direction.TO_CLIENT, 1 + random.nextInt(64 * 1024));
            case 2 -> targetLink.cutAll();
            case 3 -> targetLink.cutAfter(LinkProxy.Direction.TO_SERVER, 1 + random.nextInt(16 * 1024));
            case 4 -> stall(sourceLink);
            default -> stall(targetLink);
        }
        return name;
    }

    private static void stall(LinkProxy link) throws InterruptedException {
        link.stall(true);
        Thread.sleep(20_000);
        link.stall(false);
    }

    /** A paced writer: each transaction adds a token to the keyless ledger and moves one account. */
    private static void write(DbServer source, AtomicBoolean writing, AtomicLong written) {
        Random random = new Random(7);
        try (Connection c = source.connect(DB); Statement st = c.createStatement()) {
            long t0 = System.nanoTime();
            for (long n = 0; writing.get(); n++) {
                long due = t0 + n * 1_000_000_000L / TPS;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                c.setAutoCommit(false);
                st.execute("INSERT INTO ledger VALUES (UUID(), NOW(6))");
                st.execute("UPDATE acct SET bal = bal + 1 WHERE id = " + (1 + random.nextInt(ACCOUNTS)));
                c.commit();
                written.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the soak writer failed", e);
        }
    }

    private static void awaitCopy(DbServer source, DbServer target, ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!TableComparator.compare(source, target, DB).identical()) {
            if (System.nanoTime() > deadline || !child.isAlive()) {
                throw new IllegalStateException("The copy did not become identical:\n"
                        + TableComparator.compare(source, target, DB).report() + "\n" + child.output());
            }
            Thread.sleep(1000);
        }
    }

    private static void awaitOutput(ChildJvm child, String text) throws InterruptedException {
        while (!child.output().contains(text)) {
            if (!child.isAlive()) {
                throw new IllegalStateException("The replicator died:\n" + child.output());
            }
            Thread.sleep(50);
        }
    }

    /** The replicator JVM: default configuration, runs until stopped. */
    public static final class Child {
        public static void main(String[] a) throws InterruptedException {
            Replicator r = Replicator.builder().name("soak").serverId(401)
                    .source(ConnectionSettings.of(a[0], Integer.parseInt(a[1]), a[2], a[3]))
                    .target(ConnectionSettings.of(a[4], Integer.parseInt(a[5]), a[6], a[7]))
                    .databases(DB).resumeOrStartAt(Position.file(a[8], Long.parseLong(a[9]))).build();
            Runtime.getRuntime().addShutdownHook(new Thread(r::close));
            r.start();
            System.out.println("STARTED");
            while (r.failure() == null) {
                Thread.sleep(1000);
            }
            System.out.println("FAILED " + r.failure());
            System.exit(1);
        }
    }
}
