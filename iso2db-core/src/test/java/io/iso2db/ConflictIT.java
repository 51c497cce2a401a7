package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.internal.config.TaskSettings;
import io.iso2db.testkit.MariaDbExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A target that drifted from the source stops the task with GTID, table and key; nothing is skipped. */
class ConflictIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    private String tableOnBoth(String prefix) {
        String db = SOURCE.server().newDatabase(prefix);
        SOURCE.server().execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))");
        Servers.copySchema(SOURCE.server(), TARGET.server(), db);
        return db;
    }

    /** A task of {@code db} that starts where the source's binlog ends now. */
    private static ReplicatorBuilder fromHere(String db, int serverId) {
        return Replicator.builder().name(db).serverId(serverId).source(Servers.replication(SOURCE.server()))
                .target(Servers.admin(TARGET.server())).databases(db).startAt(binlogEnd());
    }

    /** Where the source's binlog ends now. */
    private static Position binlogEnd() {
        java.util.List<String> status = SOURCE.server().query("SHOW MASTER STATUS").get(0);
        return Position.file(status.get(0), Long.parseLong(status.get(1)));
    }

    @Test
    void duplicateKeyOnInsertStopsWithGtidTableAndKey() throws Exception {
        String db = tableOnBoth("conflict_insert");
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (42, 'target')");
        ReplicatorBuilder task = fromHere(db, 901);
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (41, 'a')");
        String gtidBefore = SOURCE.server().queryValue("SELECT @@gtid_binlog_pos");
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (42, 'source')", "INSERT INTO " + db + ".t VALUES (43, 'b')");
        long seq = Long.parseLong(gtidBefore.substring(gtidBefore.lastIndexOf('-') + 1)) + 1;

        try (Replicator r = task.build()) {
            r.start();
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(e.getMessage()).contains("GTID 0-1-" + seq).contains(db + ".t").contains("with id=42")
                    .contains("hit an existing row").contains("\"v\": \"target\"");
        }
        assertThat(TARGET.server().query("SELECT id, v FROM " + db + ".t ORDER BY id"))
                .containsExactly(java.util.List.of("41", "a"), java.util.List.of("42", "target"));
    }

    @Test
    void aMissingRowInTheMiddleOfATransactionLeavesAllOfItUnapplied() throws Exception {
        String db = tableOnBoth("conflict_middle");
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (7, 'x')");
        ReplicatorBuilder task = fromHere(db, 905);
        try (Replicator r = task.build()) {
            r.start();
            SOURCE.server().execute("BEGIN", "INSERT INTO " + db + ".t VALUES (50, 'first')",
                    "UPDATE " + db + ".t SET v = 'changed' WHERE id = 7", "INSERT INTO " + db + ".t VALUES (51, 'last')",
                    "COMMIT");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(e.getMessage()).contains("id=7");
        }
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM " + db + ".t")).isEqualTo("0");
        assertThat(TARGET.server().queryValue("SELECT COUNT(*) FROM iso2db.checkpoint WHERE task = '" + db + "'"))
                .isEqualTo("0");
    }

    @Test
    void updateOfAMissingRowStopsNamingTheKey() throws Exception {
        String db = tableOnBoth("conflict_update");
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (7, 'x')");
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (8, 'y')");
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (8, 'y')");
        ReplicatorBuilder task = fromHere(db, 902);
        try (Replicator r = task.build()) {
            r.start();
            SOURCE.server().execute("UPDATE " + db + ".t SET v = 'changed' WHERE id = 7");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(e.getMessage()).contains("UPDATE").contains(db + ".t").contains("id=7").contains("found no row");
        }
    }

    @Test
    void withBeforeImagesComparedAnUpdateOfARowThatDriftedStopsShowingBothImages() throws Exception {
        String db = rowDrifted("conflict_drift");
        Iso2dbException e = updateOfTheDriftedRowFails(db, fromHere(db, 903).compareBeforeImage(true));
        assertThat(e.getMessage()).contains("target row:    {\"id\": 5, \"v\": \"drifted\"}")
                .contains("source before: {\"id\": 5, \"v\": \"same\"}").contains("conflictPolicy(OVERWRITE or LOG)");
    }

    @Test
    void aTaskFileWithCompareBeforeImageTrueStopsAtARowThatDrifted(@TempDir Path dir) throws Exception {
        String db = rowDrifted("conflict_file");
        updateOfTheDriftedRowFails(db, fromTaskFile(dir, db, 906, "compare_before_image = true"));
    }

    @Test
    void aOneWayTaskFindsRowsByKeyOnlyAndOverwritesDriftInOtherColumns() throws Exception {
        String db = rowDrifted("conflict_keyonly");
        updateOfTheDriftedRowApplies(db, fromHere(db, 904));
    }

    @Test
    void aTaskFileWithoutCompareBeforeImageFindsRowsByKeyOnly(@TempDir Path dir) throws Exception {
        String db = rowDrifted("conflict_file_key");
        updateOfTheDriftedRowApplies(db, fromTaskFile(dir, db, 907, ""));
    }

    /** A table whose row 5 holds 'same' on the source and 'drifted' on the target. */
    private String rowDrifted(String prefix) {
        String db = tableOnBoth(prefix);
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (5, 'same')");
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (5, 'drifted')");
        return db;
    }

    /** The source updates the drifted row: the task stops with a conflict and the target row stays as it was. */
    private static Iso2dbException updateOfTheDriftedRowFails(String db, ReplicatorBuilder task) throws Exception {
        Iso2dbException e;
        try (Replicator r = task.build()) {
            r.start();
            SOURCE.server().execute("UPDATE " + db + ".t SET v = 'new' WHERE id = 5");
            e = Servers.awaitFailure(r);
        }
        assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
        assertThat(e.getMessage()).contains("different from the source's before image").contains("id=5");
        assertThat(TARGET.server().queryValue("SELECT v FROM " + db + ".t WHERE id = 5")).isEqualTo("drifted");
        return e;
    }

    /** The source updates the drifted row: found by key, overwritten, no conflict. */
    private static void updateOfTheDriftedRowApplies(String db, ReplicatorBuilder task) throws Exception {
        try (Replicator r = task.build()) {
            r.start();
            SOURCE.server().execute("UPDATE " + db + ".t SET v = 'new' WHERE id = 5");
            r.awaitCaughtUp(java.time.Duration.ofSeconds(30));
            assertThat(r.conflicts()).isZero();
        }
        assertThat(TARGET.server().queryValue("SELECT v FROM " + db + ".t WHERE id = 5")).isEqualTo("new");
    }

    /** The same task as {@link #fromHere}, as the original tool's task file {@code <db>.conf} with {@code extra} in [global]. */
    private static ReplicatorBuilder fromTaskFile(Path dir, String db, int serverId, String extra) throws Exception {
        Position end = binlogEnd();
        ConnectionSettings source = Servers.replication(SOURCE.server());
        ConnectionSettings target = Servers.admin(TARGET.server());
        Path file = dir.resolve(db + ".conf");
        Files.writeString(file, "[global]\nserver_id = " + serverId + "\n" + extra + "\n"
                + "[source]\nhost = " + source.host() + "\nport = " + source.port() + "\nuser_name = " + source.user()
                + "\nuser_password = " + source.password() + "\ndatabases = " + db
                + "\nbinlog_file = " + end.binlogFile().orElseThrow() + "\nstart_position = " + end.offset() + "\n"
                + "[destination]\ndhost = " + target.host() + "\ndport = " + target.port() + "\nduser = " + target.user()
                + "\ndpassword = " + target.password() + "\n");
        return TaskSettings.load(file).replicator();
    }

    @Test
    void byKeyOnlyARowMovedOntoAKeyTheTargetHoldsWithOtherValuesIsStillAConflict() throws Exception {
        String db = tableOnBoth("conflict_keymove");
        SOURCE.server().execute("INSERT INTO " + db + ".t VALUES (5, 'a')");
        TARGET.server().execute("INSERT INTO " + db + ".t VALUES (5, 'a'), (6, 'target')");
        ReplicatorBuilder task = fromHere(db, 906);
        try (Replicator r = task.build()) {
            r.start();
            SOURCE.server().execute("UPDATE " + db + ".t SET id = 6 WHERE id = 5");
            Iso2dbException e = Servers.awaitFailure(r);
            assertThat(e.code()).isEqualTo(ErrorCode.APPLY_CONFLICT);
            assertThat(e.getMessage()).contains("GTID").contains(db + ".t").contains("'6'");
        }
        assertThat(TARGET.server().query("SELECT id, v FROM " + db + ".t ORDER BY id"))
                .containsExactly(java.util.List.of("5", "a"), java.util.List.of("6", "target"));
    }
}
