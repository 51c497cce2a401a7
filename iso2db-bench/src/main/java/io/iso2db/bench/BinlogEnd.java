package io.iso2db.bench;

import io.iso2db.Position;
import io.iso2db.testkit.DbServer;
import java.util.List;

/** A server's current end of binlog, as a file position. */
final class BinlogEnd {

    private BinlogEnd() {
    }

    static Position of(DbServer s) {
        List<String> status = s.query("SHOW MASTER STATUS").get(0);
        return Position.file(status.get(0), Long.parseLong(status.get(1)));
    }
}
