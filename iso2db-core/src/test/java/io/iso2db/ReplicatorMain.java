package io.iso2db;

import io.iso2db.spi.CheckpointStore;

/**
 * A replicator in its own JVM, for crash tests. Arguments: source host port user password,
 * target host port user password, database, server id, start position,
 * store ({@code target} or {@code jdbc:host:port:user:password}), then optionally
 * {@code group=N} (group commit of up to N transactions), {@code parallel=K} (K apply sessions) and
 * {@code fenced}.
 * Prints STARTED, then runs until killed.
 */
public final class ReplicatorMain {

    public static void main(String[] a) throws Exception {
        ConnectionSettings source = ConnectionSettings.of(a[0], Integer.parseInt(a[1]), a[2], a[3]);
        ConnectionSettings target = ConnectionSettings.of(a[4], Integer.parseInt(a[5]), a[6], a[7]);
        CheckpointStore store = CheckpointStores.inTarget();
        if (a[11].startsWith("jdbc:")) {
            String[] s = a[11].split(":");
            store = CheckpointStores.jdbc(ConnectionSettings.of(s[1], Integer.parseInt(s[2]), s[3], s[4]));
        }
        ReplicatorBuilder b = Replicator.builder().name("crash").source(source).target(target).databases(a[8])
                .serverId(Long.parseLong(a[9])).resumeOrStartAt(Position.parse(a[10])).checkpointStore(store);
        for (int i = 12; i < a.length; i++) {
            if (a[i].equals("fenced")) {
                b.fenced();
                continue;
            }
            int n = Integer.parseInt(a[i].substring(a[i].indexOf('=') + 1));
            if (a[i].startsWith("group=")) {
                b.groupCommit(n, java.time.Duration.ofMillis(20));
            } else if (a[i].startsWith("parallel=")) {
                b.parallelApply(n);
            } else {
                throw new IllegalArgumentException("unknown option " + a[i]);
            }
        }
        Replicator r = b.build();
        r.start();
        System.out.println("STARTED at " + r.position());
        while (true) {
            Thread.sleep(1000);
            if (r.failure() != null) {
                System.out.println("FAILED " + r.failure());
                System.exit(2);
            }
        }
    }
}
