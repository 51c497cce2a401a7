package io.iso2db.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.event.TableId;
import org.junit.jupiter.api.Test;

class DeferredIndexesTest {

    private static final TableId T = new TableId("db", "t");

    @Test
    void plainKeysMoveToOneAlterAndTheListEndsWithoutAComma() {
        DeferredIndexes d = DeferredIndexes.of(T, "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `k` int(11) NOT NULL,\n"
                + "  PRIMARY KEY (`id`),\n  UNIQUE KEY `u` (`k`,`id`),\n  KEY `k_1` (`k`),\n  KEY `k_2` (`k`,`id`) COMMENT 'x'\n"
                + ") ENGINE=InnoDB");
        assertThat(d.create()).isEqualTo("CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `k` int(11) NOT NULL,\n"
                + "  PRIMARY KEY (`id`),\n  UNIQUE KEY `u` (`k`,`id`)\n) ENGINE=InnoDB");
        assertThat(d.alter()).isEqualTo("ALTER TABLE `db`.`t` ADD KEY `k_1` (`k`), ADD KEY `k_2` (`k`,`id`) COMMENT 'x'");
    }

    @Test
    void aTableWithForeignKeysOrWithoutPlainKeysIsLeftAsItIs() {
        String fk = "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `p` int(11),\n  PRIMARY KEY (`id`),\n  KEY `fk` (`p`),\n"
                + "  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `parent` (`id`)\n) ENGINE=InnoDB";
        assertThat(DeferredIndexes.of(T, fk)).isEqualTo(new DeferredIndexes(fk, null));
        String none = "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB";
        assertThat(DeferredIndexes.of(T, none)).isEqualTo(new DeferredIndexes(none, null));
    }
}
