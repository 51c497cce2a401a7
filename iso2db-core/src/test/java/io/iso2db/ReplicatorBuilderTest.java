package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.spi.CheckpointStore;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ReplicatorBuilderTest {

    private static final ConnectionSettings SRC = ConnectionSettings.of("db1", 3306, "repl", "s3cret-src");
    private static final ConnectionSettings DST = ConnectionSettings.of("db2", 3306, "apply", "s3cret-dst");

    /** Bad settings fail with INVALID_CONFIGURATION and a message naming the setting. */
    private static void invalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Iso2dbException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION)).hasMessageContaining(message);
    }

    @Test
    void namesEveryMissingRequiredSetting() {
        invalid(() -> Replicator.builder().build(), "name, source, target, serverId, databases");
    }

    @Test
    void settersRejectBadValuesAtOnce() {
        invalid(() -> Replicator.builder().serverId(0), "serverId must be 1..4294967295");
        invalid(() -> Replicator.builder().name("has space"), "name must be");
        invalid(() -> Replicator.builder().databases(""), "must not be empty");
        invalid(() -> ConnectionSettings.of("h", 70000, "u", "p"), "1..65535");
        invalid(() -> Replicator.builder().groupCommit(0, Duration.ZERO), "groupCommit maxTransactions must be 1..10000");
    }

    @Test
    void refusesSameServerAsSourceAndTarget() {
        invalid(() -> Replicator.builder().name("t").serverId(9).source(SRC).target(
                ConnectionSettings.of("db1", 3306, "other", "x")).databases("d").build(), "the same server");
    }

    @Test
    void loopControlNeedsTheTargetBinlogAndItsOwnDatabase() {
        ReplicatorBuilder b = Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop")
                .loopControl(LoopControl.regions(1, 2));
        invalid(b::build, "targetBinlog(true)");
        invalid(() -> b.targetBinlog(true).databases("iso2db").build(), "remove it from databases");
        invalid(() -> LoopControl.regions(3, 3), "must differ");
        invalid(() -> LoopControl.regions(0, 3), "1..4294967295");
    }

    /** After a crash an at-least-once store may be one commit behind: a whole group would be replayed, so grouping is refused. */
    @Test
    void groupingWithAnAtLeastOnceStoreIsRefusedAndAnExactlyOnceCustomStoreMayGroup() {
        CheckpointStore custom = new CheckpointStore() {
            @Override
            public Optional<Position> load() {
                return Optional.empty();
            }

            @Override
            public Guarantee guarantee() {
                return Guarantee.EXACTLY_ONCE;
            }
        };
        Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop")
                .checkpointStore(custom).groupCommit(10, Duration.ofMillis(5)).build().close();
        invalid(() -> Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop")
                .checkpointStore(CheckpointStores.inMemory()).groupCommitWhenBehind(10, Duration.ofMillis(5)).build(),
                "grouping source transactions needs an exactly-once checkpoint store");
        Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop")
                .checkpointStore(CheckpointStores.inMemory()).build().close();   // the default simply does not group
    }

    @Test
    void passwordsNeverAppearInToString() {
        Replicator r = Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop").build();
        assertThat(r.toString()).contains("repl@db1:3306").doesNotContain("s3cret");
        assertThat(SRC.toString()).contains("password=****").doesNotContain("s3cret");
    }

    @Test
    void startsOnlyOnce() {
        Replicator r = Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop").build();
        r.close();
        assertThatThrownBy(r::start).isInstanceOf(Iso2dbException.class).hasMessageContaining("more than once");
    }
}
