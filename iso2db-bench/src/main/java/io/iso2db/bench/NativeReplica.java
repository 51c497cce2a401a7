package io.iso2db.bench;

import io.iso2db.Position;
import io.iso2db.testkit.DbServer;
import java.util.Map;

/** A native MariaDB replica of a source, started at a file position, measured until it catches up. */
final class NativeReplica {

    private NativeReplica() {
    }

    static void start(DbServer replica, DbServer source, String file, long pos, int parallelThreads) {
        replica.execute("STOP SLAVE", "RESET SLAVE ALL",
                "SET GLOBAL slave_parallel_threads = " + parallelThreads,
                "SET GLOBAL slave_parallel_mode = '" + (parallelThreads > 0 ? "optimistic" : "conservative") + "'",
                "CHANGE MASTER TO MASTER_HOST = '" + source.host() + "', MASTER_PORT = " + source.port()
                        + ", MASTER_USER = '" + source.replicationUser() + "', MASTER_PASSWORD = '"
                        + source.replicationPassword() + "', MASTER_LOG_FILE = '" + file + "', MASTER_LOG_POS = " + pos
                        + ", MASTER_USE_GTID = no, MASTER_SSL = 0",   // 11.3+ replicas require TLS by default; the servers run --skip-ssl
                "START SLAVE");
    }

    /** Waits until the replica executed everything up to the source's current end. */
    static void awaitCaughtUp(DbServer replica, DbServer source, long timeoutMillis) throws InterruptedException {
        Position end = BinlogEnd.of(source);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Map<String, String> status = slaveStatus(replica);
            if (!"".equals(status.getOrDefault("Last_SQL_Error", "")) || !"".equals(status.getOrDefault("Last_IO_Error", ""))) {
                throw new IllegalStateException("native replica failed: " + status.get("Last_IO_Error") + " "
                        + status.get("Last_SQL_Error"));
            }
            if (end.binlogFile().orElseThrow().equals(status.get("Relay_Master_Log_File"))
                    && Long.parseLong(status.get("Exec_Master_Log_Pos")) >= end.offset()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("native replica did not catch up within " + timeoutMillis + " ms");
    }

    private static Map<String, String> slaveStatus(DbServer replica) {
        try (var c = replica.connect(); var st = c.createStatement(); var rs = st.executeQuery("SHOW SLAVE STATUS")) {
            java.util.HashMap<String, String> out = new java.util.HashMap<>();
            if (rs.next()) {
                var md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.put(md.getColumnLabel(i), rs.getString(i) == null ? "" : rs.getString(i));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void stop(DbServer replica) {
        replica.execute("STOP SLAVE");
    }
}
