package io.iso2db.types;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type matrix on MariaDB (the system server and, in the second run, the embedded 11.4). */
class TypeMatrixIT extends TypeMatrixContract {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    @Override
    protected DbServer source() {
        return SOURCE.server();
    }

    @Override
    protected DbServer target() {
        return TARGET.server();
    }
}
