package io.iso2db.bench;

import io.iso2db.export.Exporter;
import io.iso2db.testkit.DbServer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The backlog from sysbench {@code oltp_write_only} when it is installed; the followers get the prepared data by export. */
final class Sysbench {

    private Sysbench() {
    }

    static void prepare(String sysbench, DbServer source, List<DbServer> followers, String db, int tables, int rows)
            throws Exception {
        source.execute("CREATE DATABASE " + db);
        Tools.run(command(sysbench, source, db, tables, rows, "prepare"), File.createTempFile("sysbench-prepare", ".log"));
        for (DbServer f : followers) {
            Exporter.builder().source(ExportBenchmark.admin(source)).target(ExportBenchmark.admin(f)).databases(db)
                    .threads(4).build().run();
        }
    }

    static void run(String sysbench, DbServer source, String db, int tables, int rows, int transactions) throws Exception {
        List<String> cmd = command(sysbench, source, db, tables, rows, "run");
        cmd.addAll(cmd.size() - 1, List.of("--threads=4", "--events=" + transactions, "--time=0", "--report-interval=0"));
        Tools.run(cmd, File.createTempFile("sysbench-run", ".log"));
    }

    private static List<String> command(String sysbench, DbServer s, String db, int tables, int rows, String step) {
        return new ArrayList<>(List.of(sysbench, "oltp_write_only", "--db-driver=mysql", "--mysql-host=" + s.host(),
                "--mysql-port=" + s.port(), "--mysql-user=" + s.adminUser(), "--mysql-password=" + s.adminPassword(),
                "--mysql-db=" + db, "--tables=" + tables, "--table-size=" + rows, "--mysql-ssl=off", step));
    }
}
