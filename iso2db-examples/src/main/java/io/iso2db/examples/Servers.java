package io.iso2db.examples;

import io.iso2db.ConnectionSettings;
import io.iso2db.testkit.Backend;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;

/** Throwaway servers for the examples (embedded MariaDB unless the testkit is told otherwise), and proof of equality. */
final class Servers {

    private Servers() {
    }

    static MariaDbServer start(int serverId) {
        Backend backend = System.getProperty(Backend.PROPERTY) == null ? Backend.EMBEDDED : Backend.configured();
        return MariaDbServer.builder().backend(backend).serverId(serverId).start();
    }

    /** The account a task reads the binlog with. */
    static ConnectionSettings replication(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.replicationUser(), s.replicationPassword());
    }

    /** The account a task applies with. */
    static ConnectionSettings admin(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    /** Prints the comparison and throws unless both databases hold the same rows. */
    static void proveIdentical(DbServer a, String dbA, DbServer b, String dbB, java.util.List<String> tables) {
        TableComparator.Comparison cmp = TableComparator.compare(a, dbA, b, dbB, tables);
        System.out.print(cmp.report());
        if (!cmp.identical()) {
            throw new IllegalStateException(dbA + " and " + dbB + " differ");
        }
        System.out.printf("%s and %s are identical: %,d rows compared.%n", dbA, dbB, cmp.rowsCompared());
    }
}
