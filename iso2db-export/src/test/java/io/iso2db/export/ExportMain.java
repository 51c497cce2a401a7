package io.iso2db.export;

import io.iso2db.ConnectionSettings;

/**
 * An export in its own JVM, for memory and crash tests. Arguments: source host port user password,
 * target host port user password, database, threads, chunk rows. Prints STARTED, CHUNK after each
 * committed chunk, then DONE with the rows copied, or FAILED with the error (exit code 2).
 */
public final class ExportMain {

    public static void main(String[] a) {
        ConnectionSettings source = ConnectionSettings.of(a[0], Integer.parseInt(a[1]), a[2], a[3]);
        ConnectionSettings target = ConnectionSettings.of(a[4], Integer.parseInt(a[5]), a[6], a[7]);
        System.out.println("STARTED");
        try {
            ExportResult r = Exporter.builder().source(source).target(target).databases(a[8])
                    .threads(Integer.parseInt(a[9])).chunkRows(Integer.parseInt(a[10]))
                    .listener(p -> System.out.println("CHUNK " + p.rows())).build().run();
            System.out.println("DONE " + r.rows());
        } catch (RuntimeException | OutOfMemoryError e) {
            System.out.println("FAILED " + e);
            System.exit(2);
        }
    }
}
