package io.iso2db;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.TableComparator;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names and statements outside ASCII arrive as the server wrote them, whatever the JVM's default
 * charset (the build runs this class once more with {@code -Dfile.encoding=US-ASCII}).
 */
class IdentifierCharsetIT {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Test
    void tablesColumnsAndDdlNamedOutsideAsciiReplicateUnderTheirOwnNames() throws Exception {
        System.out.println("[IdentifierCharsetIT] default charset " + Charset.defaultCharset());
        DbServer s = SOURCE.server();
        String db = s.newDatabase("charset");
        s.execute("CREATE TABLE `" + db + "`.`顧客` (id INT PRIMARY KEY, `名前` VARCHAR(20)) COMMENT 'お客様'");
        Servers.copySchema(s, TARGET.server(), db);
        try (Replicator r = Replicator.builder().name("charset").serverId(801).source(Servers.replication(s))
                .target(Servers.admin(TARGET.server())).databases(db).build()) {
            r.start();
            s.execute("INSERT INTO `" + db + "`.`顧客` VALUES (1, '山田')",
                    "CREATE TABLE `" + db + "`.`Ünïcödé` (k VARCHAR(10) PRIMARY KEY COMMENT 'ключ')",
                    "INSERT INTO `" + db + "`.`Ünïcödé` VALUES ('ä')",
                    "ALTER TABLE `" + db + "`.`顧客` ADD COLUMN `備考` VARCHAR(10) DEFAULT '無し'",
                    "INSERT INTO `" + db + "`.`顧客` (id, `名前`) VALUES (2, '鈴木')");
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).isNull();
        }
        assertThat(TableComparator.tablesOf(TARGET.server(), db)).containsExactlyInAnyOrder("Ünïcödé", "顧客");
        TableComparator.assertIdentical(s, TARGET.server(), db);
        assertThat(TARGET.server().query("SELECT `備考` FROM `" + db + "`.`顧客` WHERE id = 2")).containsExactly(List.of("無し"));
        assertThat(TARGET.server().queryValue("SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME = 'Ünïcödé'")).isEqualTo("ключ");
    }
}
