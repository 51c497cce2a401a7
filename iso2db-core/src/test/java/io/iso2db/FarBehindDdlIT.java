package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault matrix row 11: DDL on the source while the task is far behind. The task is stopped, the
 * source writes a backlog of single-row transactions with DDL between them (a column added and
 * then filled, a type widened, a table created, renamed and filled, a column dropped), and the task
 * resumes: each change must reach the target in its place in the stream, or rows written after a
 * DDL would not fit the target (or land in the wrong column). The backlog is
 * {@code iso2db.test.farBehind} transactions (20,000 by default; the {@code slow} profile runs
 * 1,000,000).
 */
class FarBehindDdlIT {

    private static final int BACKLOG = Integer.getInteger("iso2db.test.farBehind", 20_000);
    /** Single-row INSERTs per round trip; each still commits on its own. */
    private static final int STATEMENTS_PER_CALL = 500;

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void ddlWrittenWhileTheTaskIsFarBehindIsAppliedInItsPlaceAndTheCopyIsExact() throws Exception {
        MariaDbServer source = SOURCE.server();
        MariaDbServer target = TARGET.server();
        String db = source.newDatabase("behind");
        source.execute("CREATE TABLE `" + db + "`.ledger (id INT PRIMARY KEY, token VARCHAR(40) NOT NULL, v SMALLINT)");
        Servers.copySchema(source, target, db);
        List<String> status = source.query("SHOW MASTER STATUS").get(0);
        Position start = Position.file(status.get(0), Long.parseLong(status.get(1)));
        try (Replicator r = task(db).resumeOrStartAt(start).build()) {
            r.start();
            source.execute("INSERT INTO `" + db + "`.ledger VALUES (0, 'first', 0)");
            r.awaitCaughtUp(Duration.ofSeconds(60));
        }

        int part = BACKLOG / 4;
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(source.jdbcUrl(db) + "&allowMultiQueries=true",
                source.adminUser(), source.adminPassword()); Statement st = c.createStatement()) {
            write(st, 1, part, i -> "INSERT INTO ledger VALUES (" + i + ", UUID(), " + (i % 30000) + ")");
            st.execute("ALTER TABLE ledger ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'none' AFTER token");
            write(st, part, 2 * part, i -> "INSERT INTO ledger VALUES (" + i + ", UUID(), 'n" + i + "', " + (i % 30000) + ")");
            st.execute("ALTER TABLE ledger MODIFY v INT");
            st.execute("CREATE TABLE side (id INT PRIMARY KEY, ref INT NOT NULL)");
            write(st, 2 * part, 3 * part, i -> "INSERT INTO ledger VALUES (" + i + ", UUID(), 'w" + i + "', " + i * 3
                    + "); INSERT INTO side VALUES (" + i + ", " + i + ")");
            st.execute("RENAME TABLE side TO side_renamed");
            st.execute("ALTER TABLE ledger DROP COLUMN note");
            write(st, 3 * part, BACKLOG, i -> "INSERT INTO ledger VALUES (" + i + ", UUID(), " + i * 5
                    + "); UPDATE side_renamed SET ref = ref + 1 WHERE id = " + (2 * part + i % part));
        }
        System.out.printf("[iso2db] %,d transactions with DDL between them written in %.1f s%n", BACKLOG,
                (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        try (Replicator r = task(db).resume().build()) {
            r.start();
            r.awaitCaughtUp(Duration.ofMinutes(20));
            assertThat(r.failure()).isNull();
        }
        System.out.printf("[iso2db] caught up with the backlog in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(target.queryValue("SELECT COUNT(DISTINCT token) FROM `" + db + "`.ledger"))
                .as("every transaction once").isEqualTo(Integer.toString(BACKLOG));
        assertThat(target.query("SHOW TABLES FROM `" + db + "`")).containsExactlyInAnyOrder(List.of("ledger"),
                List.of("side_renamed"));
        TableComparator.assertIdentical(source, target, db);
    }

    private static ReplicatorBuilder task(String db) {
        return Replicator.builder().name(db).serverId(931).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db);
    }

    /** Writes transactions {@code from} (inclusive) to {@code to} (exclusive), several per round trip. */
    private static void write(Statement st, int from, int to, java.util.function.IntFunction<String> transaction)
            throws SQLException {
        StringBuilder call = new StringBuilder();
        for (int i = from; i < to; i++) {
            String sql = transaction.apply(i);
            // two statements in one transaction where a line holds two
            call.append(sql.contains("; ") ? "BEGIN; " + sql + "; COMMIT;" : sql + ";");
            if ((i - from + 1) % STATEMENTS_PER_CALL == 0 || i == to - 1) {
                st.execute(call.toString());
                while (st.getMoreResults() || st.getUpdateCount() != -1) {
                    // drain every statement's result so the next call starts clean
                }
                call.setLength(0);
            }
        }
    }
}
