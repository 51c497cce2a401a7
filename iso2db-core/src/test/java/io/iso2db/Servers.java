package io.iso2db;

import io.iso2db.testkit.DbServer;

/** Connection settings and helpers for testkit servers, shared by the server tests. */
public final class Servers {

    private Servers() {
    }

    /** Waits up to 20 s for the task to stop with a failure and returns it (fails the test if it keeps running). */
    public static Iso2dbException awaitFailure(Replicator r) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (r.failure() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(r.failure()).as(r.name() + " should have stopped").isNotNull();
        return r.failure();
    }

    /** The server's replication account. */
    public static ConnectionSettings replication(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.replicationUser(), s.replicationPassword());
    }

    /** The server's admin account. */
    public static ConnectionSettings admin(DbServer s) {
        return ConnectionSettings.of(s.host(), s.port(), s.adminUser(), s.adminPassword());
    }

    /** The sequence number of the source's last binlogged GTID (tests use a single domain and server). */
    public static long gtidSequence(DbServer s) {
        String pos = s.queryValue("SELECT @@gtid_binlog_pos");
        return Long.parseLong(pos.substring(pos.lastIndexOf('-') + 1));
    }

    /** Creates {@code db} on the target as on the source, with the same tables (empty). */
    public static void copySchema(DbServer source, DbServer target, String db) {
        target.execute("DROP DATABASE IF EXISTS `" + db + "`", "CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4");
        for (var row : source.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_TYPE = 'BASE TABLE'")) {
            String ddl = source.query("SHOW CREATE TABLE `" + db + "`.`" + row.get(0) + "`").get(0).get(1);
            target.execute("USE `" + db + "`", ddl);
        }
    }
}
