package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A table the target keeps in a non-transactional engine (MyISAM, Aria, MEMORY) keeps every row
 * written to it, whatever the transaction around it does: such rows must be written exactly once,
 * never again by a replay of the transactions that shared their target transaction.
 */
class NonTransactionalTablesIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    /** A MyISAM log without a key and an InnoDB table, on both servers; returns the database. */
    private static String prepared(String prefix) {
        return prepared(prefix, "MyISAM");
    }

    /** The same, with the source's log in {@code sourceLogEngine}. */
    private static String prepared(String prefix, String sourceLogEngine) {
        String db = SOURCE.server().newDatabase(prefix);
        for (DbServer s : List.of(SOURCE.server(), TARGET.server())) {
            if (s == TARGET.server()) {
                s.execute("CREATE DATABASE `" + db + "`");
            }
            s.execute("CREATE TABLE `" + db + "`.log (msg VARCHAR(20)) ENGINE="
                            + (s == SOURCE.server() ? sourceLogEngine : "MyISAM"),
                    "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        }
        return db;
    }

    private static Position sourceEnd() {
        List<String> status = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        return Position.file(status.get(0), Long.parseLong(status.get(1)));
    }

    /** A backlog of transactions that each log a line and insert a row, so they form groups when applied. */
    private static void backlog(String db, int from, int count) {
        for (int i = from; i < from + count; i++) {
            SOURCE.server().execute("BEGIN", "INSERT INTO `" + db + "`.t VALUES (" + i + ", " + i + ")",
                    "INSERT INTO `" + db + "`.log VALUES ('m" + i + "')", "COMMIT");
        }
    }

    private static Replicator task(String db, Position from, UnaryOperator<ReplicatorBuilder> more) {
        return more.apply(Replicator.builder().name(db).serverId(411).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).startAt(from)).build();
    }

    private static long logRows(DbServer s, String db) {
        return Long.parseLong(s.query("SELECT COUNT(*) FROM `" + db + "`.log").get(0).get(0));
    }

    /** A database and where its backlog starts. */
    private record Backlog(String db, Position from) {
    }

    /** A backlog of 300 transactions whose 151st conflicts: the target holds its row already. */
    private static Backlog conflicting(String prefix, String sourceLogEngine) {
        String db = prepared(prefix, sourceLogEngine);
        TARGET.server().execute("INSERT INTO `" + db + "`.t VALUES (150, -1)");
        Position from = sourceEnd();
        backlog(db, 0, 300);
        return new Backlog(db, from);
    }

    private static void appliedOverwriting(Backlog b, UnaryOperator<ReplicatorBuilder> more) {
        try (Replicator r = task(b.db(), b.from(), x -> more.apply(x.conflictPolicy(ConflictPolicy.OVERWRITE)))) {
            r.start();
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
            assertThat(r.conflicts()).isEqualTo(1);
        }
    }

    private static void stoppedByTheConflict(Backlog b) throws InterruptedException {
        try (Replicator r = task(b.db(), b.from(), x -> x)) {
            r.start();
            assertThat(Servers.awaitFailure(r).code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
        }
    }

    @Test
    void aConflictLaterInTheGroupDoesNotWriteTheLoggedRowsAgain() {
        Backlog b = conflicting("nontx_conflict", "MyISAM");
        appliedOverwriting(b, x -> x);
        assertThat(logRows(TARGET.server(), b.db())).isEqualTo(300);
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), b.db());
    }

    @Test
    void aTaskStoppedByAConflictLeavesTheLoggedRowsOfEveryEarlierTransactionOnce() throws Exception {
        Backlog b = conflicting("nontx_fail", "MyISAM");
        stoppedByTheConflict(b);
        // in ROW format the source logs a MyISAM change when its statement ends, as a group of its own
        // ahead of its transaction: the conflicting transaction's line came before it, once
        assertThat(TARGET.server().query("SELECT COUNT(*), COUNT(DISTINCT msg) FROM `" + b.db() + "`.log"))
                .containsExactly(List.of("151", "151"));
        assertThat(TARGET.server().query("SELECT COUNT(*) FROM `" + b.db() + "`.t WHERE v >= 0"))
                .containsExactly(List.of("150"));
    }

    /** Transactional on the source, the log's rows share their transactions with the InnoDB rows before them. */
    @Test
    void aTableOnlyTheTargetKeepsOutsideTransactionsGetsEachRowOnceAroundAConflict() throws Exception {
        Backlog overwritten = conflicting("nontx_target_only", "InnoDB");
        appliedOverwriting(overwritten, x -> x);
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), overwritten.db());

        Backlog stopped = conflicting("nontx_target_only_fail", "InnoDB");
        stoppedByTheConflict(stopped);
        // the 151st transaction stopped at its InnoDB row, before its log row
        assertThat(TARGET.server().query("SELECT COUNT(*), COUNT(DISTINCT msg) FROM `" + stopped.db() + "`.log"))
                .containsExactly(List.of("150", "150"));
    }

    @Test
    void aRolledBackSourceTransactionKeepsItsLoggedRowOnBothSides() {
        String db = prepared("nontx_rollback");
        Position from = sourceEnd();
        backlog(db, 0, 100);
        SOURCE.server().execute("BEGIN", "INSERT INTO `" + db + "`.t VALUES (1000, 0)",
                "INSERT INTO `" + db + "`.log VALUES ('kept')", "ROLLBACK");
        backlog(db, 100, 100);
        assertThat(logRows(SOURCE.server(), db)).isEqualTo(201);
        try (Replicator r = task(db, from, b -> b)) {
            r.start();
            r.awaitCaughtUp(CATCH_UP);
            assertThat(r.failure()).isNull();
        }
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), db);
    }

    @Test
    void parallelSessionsWriteTheLoggedRowsOnceAndInSourceOrder() {
        Backlog b = conflicting("nontx_parallel", "MyISAM");
        appliedOverwriting(b, x -> x.parallelApply(3));
        TableComparator.assertIdentical(SOURCE.server(), TARGET.server(), b.db());
    }

    /** Units run ahead of their commit turn; one that writes the log must not, or a failure before it would leave its lines. */
    @Test
    void parallelSessionsWriteNoLoggedRowOfATransactionAfterTheOneThatStoppedTheTask() throws Exception {
        String db = prepared("nontx_parallel_fail");
        TARGET.server().execute("INSERT INTO `" + db + "`.t VALUES (150, -1)");
        Position from = sourceEnd();
        for (int i = 0; i < 160; i++) {   // each change a transaction of its own, the log's after the conflict
            SOURCE.server().execute("INSERT INTO `" + db + "`.t VALUES (" + i + ", " + i + ")");
        }
        for (int i = 0; i < 100; i++) {
            SOURCE.server().execute("INSERT INTO `" + db + "`.log VALUES ('m" + i + "')");
        }
        try (Replicator r = task(db, from, b -> b.parallelApply(3))) {
            r.start();
            assertThat(Servers.awaitFailure(r).code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
        }
        assertThat(logRows(TARGET.server(), db)).isZero();
    }

    @Test
    void theStartNamesTablesTheTargetKeepsOutsideTransactions() {
        String db = prepared("nontx_warn");
        try (LogCapture log = new LogCapture(); Replicator r = task(db, sourceEnd(), b -> b)) {
            r.start();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(db + ".log (MyISAM on the target)")
                    .contains("not transactional").doesNotContain(db + ".t ("));
        }
    }
}
