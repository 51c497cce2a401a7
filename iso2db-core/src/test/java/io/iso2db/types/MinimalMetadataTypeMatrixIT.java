package io.iso2db.types;

import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type matrix from a source with {@code binlog_row_metadata=MINIMAL}: no column names in TABLE_MAP. */
class MinimalMetadataTypeMatrixIT extends TypeMatrixContract {

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.custom(b -> b.serverId(1).binlogRowMetadata("MINIMAL"));
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
