package io.iso2db.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.ConnectionSettings;
import io.iso2db.Position;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CheckpointStore} must have. Extend it for a custom store (it ships
 * in the {@code iso2db-core} test-jar) and provide fresh stores over the same storage.
 */
public abstract class CheckpointStoreContract {

    /** A new store instance; instances made by one test share their storage. */
    protected abstract CheckpointStore newStore();

    /** Where stores of the same test share storage: the target (for in-transaction stores). */
    protected abstract ConnectionSettings target();

    /** A connection to {@link #target()} for in-transaction saves; null if the store never uses it. */
    protected abstract Connection openTarget() throws SQLException;

    /** A task name unique to the calling test, so tests do not see each other's positions. */
    protected abstract String uniqueTask();

    private CheckpointStore open(String task, long serverId) {
        CheckpointStore s = newStore();
        s.open(new CheckpointStore.Context(new CheckpointStore.Key(task, serverId), target(), false));
        return s;
    }

    /** Saves as the replicator does: in the target transaction, commit, then after commit. */
    private void save(CheckpointStore s, Position p) throws SQLException {
        try (Connection c = openTarget()) {
            if (c != null) {
                c.setAutoCommit(false);
                s.saveInTransaction(p, c);
                c.commit();
            }
        }
        s.saveCommitted(p);
    }

    private static long serverIdOf(String task) {
        return 1000 + Math.abs(task.hashCode() % 100_000);
    }

    @Test
    void holdsNothingBeforeTheFirstSave() {
        String task = uniqueTask();
        try (CheckpointStore s = open(task, serverIdOf(task))) {
            assertThat(s.load()).isEmpty();
        }
    }

    @Test
    void returnsTheLastSavedPositionExactly() throws SQLException {
        String task = uniqueTask();
        try (CheckpointStore s = open(task, serverIdOf(task))) {
            save(s, Position.of("mysql-bin.000007", 1234, "0-1-99"));
            Position last = Position.of("mysql-bin.000008", 4, "0-1-100,1-2-3");
            save(s, last);
            assertThat(s.load()).contains(last);
        }
    }

    @Test
    void aNewInstanceResumesWhereTheOldOneStopped() throws SQLException {
        String task = uniqueTask();
        Position p = Position.of("mysql-bin.000002", 777, null);
        try (CheckpointStore s = open(task, serverIdOf(task))) {
            save(s, p);
        }
        try (CheckpointStore s = open(task, serverIdOf(task))) {
            assertThat(s.load()).contains(p);
        }
    }

    @Test
    void keepsTasksApart() throws SQLException {
        String a = uniqueTask();
        String b = uniqueTask();
        try (CheckpointStore sa = open(a, serverIdOf(a)); CheckpointStore sb = open(b, serverIdOf(b))) {
            save(sa, Position.file("mysql-bin.000001", 100));
            save(sb, Position.file("mysql-bin.000001", 200));
            assertThat(sa.load()).contains(Position.file("mysql-bin.000001", 100));
            assertThat(sb.load()).contains(Position.file("mysql-bin.000001", 200));
        }
    }

    @Test
    void anExactlyOnceSaveRolledBackWithTheDataLeavesThePositionUnchanged() throws SQLException {
        String task = uniqueTask();
        try (CheckpointStore s = open(task, serverIdOf(task))) {
            if (s.guarantee() != CheckpointStore.Guarantee.EXACTLY_ONCE) {
                return; // nothing is written inside the transaction
            }
            Position kept = Position.file("mysql-bin.000003", 50);
            save(s, kept);
            try (Connection c = openTarget()) {
                c.setAutoCommit(false);
                s.saveInTransaction(Position.file("mysql-bin.000003", 999), c);
                c.rollback();
            }
            Optional<Position> loaded = s.load();
            assertThat(loaded).contains(kept);
        }
    }
}
