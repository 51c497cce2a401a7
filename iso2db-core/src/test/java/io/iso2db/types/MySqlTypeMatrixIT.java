package io.iso2db.types;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MySqlContainerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The type matrix on MySQL 8.0 (binary JSON, MySQL GTIDs); runs where Docker exists, skipped elsewhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.condition.EnabledIf(value = "io.iso2db.testkit.MySqlContainerServer#dockerAvailable",
        disabledReason = "Docker is not available: MySQL type matrix skipped")
class MySqlTypeMatrixIT extends TypeMatrixContract {

    private MySqlContainerServer source;
    private MySqlContainerServer target;

    @AfterAll
    void stopServers() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /** Started on first use: the base class's set-up runs before any of this class's. */
    @Override
    protected DbServer source() {
        if (source == null) {
            source = MySqlContainerServer.start("8.0", 1);
        }
        return source;
    }

    @Override
    protected DbServer target() {
        if (target == null) {
            target = MySqlContainerServer.start("8.0", 2);
        }
        return target;
    }

    @Override
    protected boolean supports(Case c) {
        return !MARIADB_ONLY.contains(c.name());
    }
}
