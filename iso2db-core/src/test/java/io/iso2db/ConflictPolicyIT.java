package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.Conflict;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active-active conflicts: both regions change the same row while their links are down; when the
 * links start, each policy does what it says on both sides.
 */
class ConflictPolicyIT {

    @RegisterExtension
    static final MariaDbExtension A = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension B = MariaDbExtension.withServerId(2);

    private record Links(Replicator ab, Replicator ba, List<Conflict> seen) implements AutoCloseable {
        @Override
        public void close() {
            ab.close();
            ba.close();
        }
    }

    /** Same row on both sides, then a different update on each side, then both links start from before the updates. */
    private static Links conflictingUpdates(String db, ConflictPolicy policy, int serverIds) {
        DbServer a = A.server();
        DbServer b = B.server();
        sameRowsOnBoth(db, "(1, 'orig', 0), (2, 'calm', 0), (3, 'gone', 0)");
        Position fromA = current(a);
        Position fromB = current(b);
        a.execute("UPDATE " + db + ".t SET v = 'from-a', n = 1 WHERE id = 1", "UPDATE " + db + ".t SET n = 5 WHERE id = 2");
        b.execute("UPDATE " + db + ".t SET v = 'from-b', n = 2 WHERE id = 1", "DELETE FROM " + db + ".t WHERE id = 3");
        a.execute("DELETE FROM " + db + ".t WHERE id = 3");   // both delete the same row: missing on the other side
        List<Conflict> seen = new CopyOnWriteArrayList<>();
        Replicator ab = link(db + "-ab", serverIds, a, 1, b, 2, fromA, policy, seen);
        Replicator ba = link(db + "-ba", serverIds + 1, b, 2, a, 1, fromB, policy, seen);
        return new Links(ab, ba, seen);
    }

    /** The table t with the given rows on both regions, and the marker table. */
    private static void sameRowsOnBoth(String db, String rows) {
        for (DbServer s : List.of(A.server(), B.server())) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10), n INT)",
                    "INSERT INTO " + db + ".t VALUES " + rows);
            LoopControl.installMarkerTable(Servers.admin(s));
        }
    }

    private static Position current(DbServer s) {
        var status = s.query("SHOW MASTER STATUS").get(0);
        return Position.file(status.get(0), Long.parseLong(status.get(1)));
    }

    private static Replicator link(String name, int serverId, DbServer from, int fromRegion, DbServer to, int toRegion,
                                   Position start, ConflictPolicy policy, List<Conflict> seen) {
        Replicator r = Replicator.builder().name(name).serverId(serverId).source(Servers.replication(from))
                .target(Servers.admin(to)).databases(name.substring(0, name.length() - 3)).targetBinlog(true)
                .loopControl(LoopControl.regions(fromRegion, toRegion)).conflictPolicy(policy).startAt(start)
                .listener(new io.iso2db.spi.ReplicationListener() {
                    @Override
                    public void onConflict(Conflict conflict) {
                        seen.add(conflict);
                    }
                }).build();
        r.start();
        return r;
    }


    private static List<List<String>> rows(DbServer s, String db) {
        return s.query("SELECT id, v, n FROM " + db + ".t ORDER BY id");
    }

    @Test
    void failStopsBothLinksAndChangesNothing() throws Exception {
        String db = A.server().newDatabase("policy_fail");
        try (Links l = conflictingUpdates(db, ConflictPolicy.FAIL, 3601)) {
            for (Replicator r : List.of(l.ab(), l.ba())) {
                Iso2dbException e = Servers.awaitFailure(r);
                assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
                assertThat(e.getMessage()).contains("UPDATE of GTID").contains(db + ".t with id=1")
                        .contains("different from the source's before image");
            }
            assertThat(l.seen()).isEmpty();
        }
        assertThat(rows(A.server(), db)).containsExactly(List.of("1", "from-a", "1"), List.of("2", "calm", "5"));
        assertThat(rows(B.server(), db)).containsExactly(List.of("1", "from-b", "2"), List.of("2", "calm", "0"));
    }

    @Test
    void overwriteLetsEachSourceWinAndCountsTheConflicts() throws Exception {
        String db = A.server().newDatabase("policy_over");
        try (Links l = conflictingUpdates(db, ConflictPolicy.OVERWRITE, 3611)) {
            l.ab().awaitCaughtUp(Duration.ofSeconds(30));
            l.ba().awaitCaughtUp(Duration.ofSeconds(30));
            // each side took the other's update of row 1; row 2 changed on A only; row 3 deleted on both
            assertThat(rows(A.server(), db)).containsExactly(List.of("1", "from-b", "2"), List.of("2", "calm", "5"));
            assertThat(rows(B.server(), db)).containsExactly(List.of("1", "from-a", "1"), List.of("2", "calm", "5"));
            assertThat(l.ab().conflicts()).isEqualTo(2);
            assertThat(l.ba().conflicts()).isEqualTo(2);
            assertThat(l.seen()).extracting(Conflict::kind).containsExactlyInAnyOrder(Conflict.Kind.ROW_DIFFERS,
                    Conflict.Kind.ROW_DIFFERS, Conflict.Kind.ROW_MISSING, Conflict.Kind.ROW_MISSING);
            Conflict onB = l.seen().stream().filter(c -> c.kind() == Conflict.Kind.ROW_DIFFERS
                    && c.sourceAfter().contains("from-a")).findFirst().orElseThrow();
            assertThat(onB.targetRow()).isEqualTo("{\"id\": 1, \"v\": \"from-b\", \"n\": 2}");
            assertThat(onB.sourceBefore()).isEqualTo("{\"id\": 1, \"v\": \"orig\", \"n\": 0}");
            assertThat(onB.resolution()).isEqualTo(ConflictPolicy.OVERWRITE);
        }
        assertThat(A.server().queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'iso2db'"
                + " AND TABLE_NAME = 'conflict'")).as("OVERWRITE keeps no log").isEqualTo("0");
    }

    @Test
    void logAppliesTheSourceAndRecordsBothImagesOnEachSide() throws Exception {
        String db = A.server().newDatabase("policy_log");
        try (Links l = conflictingUpdates(db, ConflictPolicy.LOG, 3621)) {
            l.ab().awaitCaughtUp(Duration.ofSeconds(30));
            l.ba().awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(rows(A.server(), db)).containsExactly(List.of("1", "from-b", "2"), List.of("2", "calm", "5"));
            assertThat(rows(B.server(), db)).containsExactly(List.of("1", "from-a", "1"), List.of("2", "calm", "5"));
        }
        List<List<String>> onB = B.server().query("SELECT operation, kind, source_before, source_after, target_row"
                + " FROM iso2db.conflict WHERE task = '" + db + "-ab' ORDER BY id");
        assertThat(onB).containsExactly(
                List.of("UPDATE", "ROW_DIFFERS", "{\"id\": 1, \"v\": \"orig\", \"n\": 0}",
                        "{\"id\": 1, \"v\": \"from-a\", \"n\": 1}", "{\"id\": 1, \"v\": \"from-b\", \"n\": 2}"),
                java.util.Arrays.asList("DELETE", "ROW_MISSING", "{\"id\": 3, \"v\": \"gone\", \"n\": 0}", null, null));
        assertThat(A.server().queryValue("SELECT COUNT(*) FROM iso2db.conflict WHERE task = '" + db + "-ba'"))
                .isEqualTo("2");
    }

    @Test
    void theSameChangeOnBothSidesIsNoConflict() throws Exception {
        String db = A.server().newDatabase("policy_same");
        DbServer a = A.server();
        DbServer b = B.server();
        sameRowsOnBoth(db, "(1, 'orig', 0)");
        Position fromA = current(a);
        Position fromB = current(b);
        for (DbServer s : List.of(a, b)) {
            s.execute("UPDATE " + db + ".t SET v = 'agreed' WHERE id = 1", "INSERT INTO " + db + ".t VALUES (2, 'twin', 2)");
        }
        List<Conflict> seen = new CopyOnWriteArrayList<>();
        try (Replicator ab = link(db + "-ab", 3631, a, 1, b, 2, fromA, ConflictPolicy.FAIL, seen);
             Replicator ba = link(db + "-ba", 3632, b, 2, a, 1, fromB, ConflictPolicy.FAIL, seen)) {
            ab.awaitCaughtUp(Duration.ofSeconds(30));
            ba.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(ab.failure()).isNull();
            assertThat(ba.failure()).isNull();
        }
        assertThat(rows(a, db)).isEqualTo(rows(b, db)).containsExactly(List.of("1", "agreed", "0"), List.of("2", "twin", "2"));
    }
}
