package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void roundTripsThroughItsTextForm() {
        for (Position p : new Position[] {Position.file("mysql-bin.000003", 4), Position.gtid("0-1-100,1-2-7"),
                Position.of("mysql-bin.000010", 12345, "0-1-9"),
                Position.gtid("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")}) {
            assertThat(Position.parse(p.toString())).isEqualTo(p);
        }
    }

    @Test
    void ordersByFileNumberThenOffset() {
        Position a = Position.file("mysql-bin.000009", 900);
        Position b = Position.file("mysql-bin.000010", 4);
        assertThat(a.compareFileTo(b)).isNegative();
        assertThat(b.compareFileTo(a)).isPositive();
        assertThat(a.compareFileTo(Position.file("mysql-bin.000009", 900))).isZero();
    }

    @Test
    void rejectsImpossiblePositions() {
        assertThatThrownBy(() -> Position.file("mysql-bin.000001", 3)).hasMessageContaining(">= 4");
        assertThatThrownBy(() -> Position.file(" ", 4)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Position.parse("nonsense")).hasMessageContaining("file:offset");
        assertThatThrownBy(() -> Position.gtid("0-1-1").compareFileTo(Position.file("f.000001", 4)))
                .hasMessageContaining("need a binlog file");
    }
}
