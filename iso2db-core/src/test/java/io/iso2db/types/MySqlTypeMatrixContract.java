package io.iso2db.types;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MySqlContainerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The type matrix on MySQL (binary JSON, MySQL GTIDs); subclasses name the version and need Docker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MySqlTypeMatrixContract extends TypeMatrixContract {

    /** The {@code mysql} image tag. */
    protected abstract String version();

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
            source = MySqlContainerServer.start(version(), 1);
        }
        return source;
    }

    @Override
    protected DbServer target() {
        if (target == null) {
            target = MySqlContainerServer.start(version(), 2);
        }
        return target;
    }

    @Override
    protected boolean supports(io.iso2db.testkit.TypeMatrix.Case c) {
        return !io.iso2db.testkit.TypeMatrix.MARIADB_ONLY.contains(c.name());
    }
}
