package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iso2db.spi.Coordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CoordinatorsTest {

    @Test
    void theStandaloneCoordinatorGrantsEveryLeaseAtOnceAndTakesThemBackOnClose() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Coordinator c = Coordinators.standalone("solo")) {
            c.join("a", listener("a", events));
            c.join("b", listener("b", events));
            c.leave("a");
            assertThat(c.liveNodes()).containsExactly("solo");
        }
        assertThat(events).containsExactly("a granted", "b granted", "a lost", "b lost");
    }

    @Test
    void aCoordinatorTypeNotOnTheClassPathIsNamed() {
        assertThatThrownBy(() -> Coordinators.of("zk_mode", "c", "n", List.of("zk:2181"), Path.of(".")))
                .hasMessageContaining("No coordinator of type zk_mode").hasMessageContaining("iso2db-cluster");
    }

    private static Coordinator.LeaseListener listener(String task, List<String> events) {
        return new Coordinator.LeaseListener() {
            @Override
            public void granted() {
                events.add(task + " granted");
            }

            @Override
            public void lost(String why) {
                events.add(task + " lost");
            }
        };
    }
}
