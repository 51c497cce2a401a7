package io.iso2db.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A number from a process's {@code /proc/<pid>/status} (VmRSS, VmHWM in kB; Threads). */
final class ProcStatus {

    private ProcStatus() {
    }

    /** The field's value, or 0 when the process has ended. */
    static long of(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process ended between the check and the read
        }
        return 0;
    }
}
