package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicatorBuilderTest {

    private static final ConnectionSettings SRC = ConnectionSettings.of("db1", 3306, "repl", "s3cret-src");
    private static final ConnectionSettings DST = ConnectionSettings.of("db2", 3306, "apply", "s3cret-dst");

    @Test
    void namesEveryMissingRequiredSetting() {
        assertThatThrownBy(() -> Replicator.builder().build())
                .isInstanceOf(Iso2dbException.class)
                .hasMessageContaining("name, source, target, serverId, databases");
    }

    @Test
    void settersRejectBadValuesAtOnce() {
        assertThatThrownBy(() -> Replicator.builder().serverId(0)).hasMessageContaining("serverId must be 1..4294967295");
        assertThatThrownBy(() -> Replicator.builder().name("has space")).hasMessageContaining("name must be");
        assertThatThrownBy(() -> Replicator.builder().databases("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ConnectionSettings.of("h", 70000, "u", "p")).hasMessageContaining("1..65535");
    }

    @Test
    void refusesSameServerAsSourceAndTarget() {
        assertThatThrownBy(() -> Replicator.builder().name("t").serverId(9).source(SRC).target(
                ConnectionSettings.of("db1", 3306, "other", "x")).databases("d").build())
                .hasMessageContaining("the same server");
    }

    @Test
    void loopControlNeedsTheTargetBinlogAndItsOwnDatabase() {
        ReplicatorBuilder b = Replicator.builder().name("t").serverId(9).source(SRC).target(DST).databases("shop")
                .loopControl(LoopControl.regions(1, 2));
        assertThatThrownBy(b::build).isInstanceOf(Iso2dbException.class).hasMessageContaining("targetBinlog(true)");
        assertThatThrownBy(() -> b.targetBinlog(true).databases("iso2db").build())
                .hasMessageContaining("remove it from databases");
        assertThatThrownBy(() -> LoopControl.regions(3, 3)).hasMessageContaining("must differ");
        assertThatThrownBy(() -> LoopControl.regions(0, 3)).hasMessageContaining("1..4294967295");
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
