package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Multi-region test fixture: one schema on every server, loop-controlled tasks between them, and
 * writers that each own a key range and log every committed transaction in a ledger (the ledger's
 * primary key makes a transaction applied twice fail its task).
 */
final class Regions {

    /** Seconds the bidirectional writers run (the issue asks for at least 30). */
    static final int SECONDS = Integer.getInteger("iso2db.it.loopSeconds", 30);

    private Regions() {
    }

    static void createSchema(String db, DbServer... servers) {
        for (DbServer s : servers) {
            s.execute("DROP DATABASE IF EXISTS `" + db + "`", "CREATE DATABASE `" + db + "`",
                    "CREATE TABLE `" + db + "`.acct (id BIGINT PRIMARY KEY, region INT NOT NULL, n INT NOT NULL,"
                            + " note VARCHAR(40))",
                    "CREATE TABLE `" + db + "`.ledger (region INT, seq INT, at DATETIME(6), PRIMARY KEY (region, seq))");
            LoopControl.installMarkerTable(Servers.admin(s));
        }
    }

    static Replicator link(String db, String name, int serverId, DbServer from, int fromRegion, DbServer to, int toRegion,
                           boolean relay) {
        return link(db, name, serverId, from, fromRegion, to, toRegion, relay, 1);
    }

    /** A loop-controlled task; {@code group} > 1 lets up to that many source transactions share a target commit. */
    static Replicator link(String db, String name, int serverId, DbServer from, int fromRegion, DbServer to, int toRegion,
                           boolean relay, int group) {
        return link(db, name, serverId, from, fromRegion, to, toRegion, relay, group, b -> b);
    }

    /** As above, with further settings ({@code excludeTables}, {@code route}, ...) added by {@code more}. */
    static Replicator link(String db, String name, int serverId, DbServer from, int fromRegion, DbServer to, int toRegion,
                           boolean relay, int group, UnaryOperator<ReplicatorBuilder> more) {
        LoopControl loop = LoopControl.regions(fromRegion, toRegion);
        Replicator r = more.apply(Replicator.builder().name(name).serverId(serverId).source(Servers.replication(from))
                .target(Servers.admin(to)).databases(db).targetBinlog(true)
                .groupCommit(group, Duration.ofMillis(group > 1 ? 20 : 0))
                .loopControl(relay ? loop : loop.sourceOnly())).build();
        r.start();
        return r;
    }

    /** A writer thread on one region; {@link #commits()} counts its committed transactions. */
    static final class Writer extends Thread {
        private final DbServer server;
        private final String db;
        private final int region;
        private final AtomicBoolean stop;
        private final AtomicInteger commits = new AtomicInteger();
        /** A statement each transaction runs first (a table outside the task's filter, say), or null. */
        private final String preamble;
        private volatile Throwable error;

        Writer(DbServer server, String db, int region, AtomicBoolean stop, String preamble) {
            super("writer-" + region);
            this.server = server;
            this.db = db;
            this.region = region;
            this.stop = stop;
            this.preamble = preamble;
        }

        @Override
        public void run() {
            Random r = new Random(region);
            long base = region * 1_000_000L;
            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long id = base + r.nextInt(300);
                    if (preamble != null) {
                        st.execute(preamble.replace("{region}", Integer.toString(region)));
                    }
                    st.execute("INSERT INTO ledger (region, seq, at) VALUES (" + region + ", " + (commits.get() + 1) + ", NOW(6))");
                    switch (r.nextInt(4)) {
                        case 0, 1 -> st.execute("INSERT INTO acct (id, region, n, note) VALUES (" + id + ", " + region + ", 1, 'new')"
                                + " ON DUPLICATE KEY UPDATE n = n + 1");
                        case 2 -> st.execute("UPDATE acct SET n = n + 1, note = 'upd" + r.nextInt(99) + "' WHERE id = " + id);
                        default -> st.execute("DELETE FROM acct WHERE id = " + id);
                    }
                    if (r.nextInt(20) == 0) {
                        c.rollback();
                    } else {
                        c.commit();
                        commits.incrementAndGet();
                    }
                    Thread.sleep(2);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                error = e;
            }
        }

        int commits() {
            return commits.get();
        }

        int region() {
            return region;
        }

        void check() throws InterruptedException {
            join(30_000);
            assertThat(error).as("writer of region " + region).isNull();
        }
    }

    static List<Writer> startWriters(String db, AtomicBoolean stop, DbServer... servers) {
        return startWriters(db, stop, null, servers);
    }

    /** Writers whose every transaction first runs {@code preamble} ({@code {region}} replaced by the writer's region). */
    static List<Writer> startWriters(String db, AtomicBoolean stop, String preamble, DbServer... servers) {
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            Writer w = new Writer(servers[i], db, servers[i].serverId(), stop, preamble);
            w.start();
            writers.add(w);
        }
        return writers;
    }

    /** Waits until no server's binlog grows for a while: nothing echoes. Returns the settled positions. */
    static void assertBinlogsSettle(DbServer... servers) throws InterruptedException {
        Thread.sleep(2000);
        List<String> before = binlogEnds(servers);
        Thread.sleep(3000);
        assertThat(binlogEnds(servers)).as("binlog ends 3 s apart (a change echoing between regions moves them)")
                .isEqualTo(before);
    }

    private static List<String> binlogEnds(DbServer... servers) {
        List<String> out = new ArrayList<>();
        for (DbServer s : servers) {
            out.add(s.serverId() + ":" + s.query("SHOW MASTER STATUS").get(0).subList(0, 2));
        }
        return out;
    }

    static void awaitAll(Duration timeout, Replicator... tasks) {
        for (Replicator t : tasks) {
            t.awaitCaughtUp(timeout);
            assertThat(t.failure()).as(t.name()).isNull();
        }
    }

    static long ledger(DbServer s, String db, int region) {
        return Long.parseLong(s.queryValue("SELECT COUNT(*) FROM `" + db + "`.ledger WHERE region = " + region));
    }
}
