package io.iso2db.bench;

import io.iso2db.testkit.DbServer;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The reference command-line tools: found on PATH or reported missing with the install hint. */
final class Tools {

    private Tools() {
    }

    /** The tool's path, or null after printing how to install it. */
    static String find(String tool, String aptPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        System.out.printf("  skipped: %s is not installed (apt-get install -y %s); that comparison is left out%n", tool,
                aptPackage);
        return null;
    }

    /** Connection options for the MariaDB/MySQL command-line tools (admin account). */
    static List<String> connection(DbServer s) {
        return List.of("--host=" + s.host(), "--port=" + s.port(), "--user=" + s.adminUser(), "--password=" + s.adminPassword());
    }

    /** Runs a shell pipeline or command, failing on a non-zero exit; output goes to the given log file. */
    static void run(List<String> command, File log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", redact(command)) + " failed; see " + log);
        }
    }

    static List<String> redact(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String c : command) {
            out.add(c.replaceAll("--password=\\S+", "--password=****"));
        }
        return out;
    }
}
