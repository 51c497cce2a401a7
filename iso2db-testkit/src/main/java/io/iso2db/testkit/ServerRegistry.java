package io.iso2db.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Keeps track of the servers and child JVMs this JVM started, so that nothing outlives it:
 * a shutdown hook kills what is still running, and the first server of the next JVM reaps
 * what a JVM killed with SIGKILL left behind (its folder names the owner's pid).
 */
final class ServerRegistry {

    private static final Set<MariaDbServer> SERVERS = ConcurrentHashMap.newKeySet();
    private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicBoolean REAPED = new AtomicBoolean();
    private static final long OWNER = ProcessHandle.current().pid();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServerRegistry::killAll, "iso2db-testkit-cleanup"));
    }

    private ServerRegistry() {
    }

    static void track(MariaDbServer server) {
        SERVERS.add(server);
    }

    static void untrack(MariaDbServer server) {
        SERVERS.remove(server);
    }

    static void trackChild(Process process) {
        CHILDREN.add(process);
    }

    static Path newRunDirectory() {
        return TestkitFiles.runDir().resolve(OWNER + "-" + SEQUENCE.incrementAndGet());
    }

    /** Kills servers whose owning JVM is gone and deletes their folders; once per JVM. */
    static void reapOrphans() {
        if (!REAPED.compareAndSet(false, true) || !Files.isDirectory(TestkitFiles.runDir())) {
            return;
        }
        try (Stream<Path> dirs = Files.list(TestkitFiles.runDir())) {
            dirs.forEach(ServerRegistry::reapIfOrphan);
        } catch (IOException ignored) {
            // nothing to reap
        }
    }

    private static void reapIfOrphan(Path dir) {
        String name = dir.getFileName().toString();
        long owner;
        try {
            owner = Long.parseLong(name.substring(0, name.indexOf('-')));
        } catch (RuntimeException e) {
            return;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        Path pidFile = dir.resolve("mysqld.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> h = ProcessHandle.of(pid);
                h.filter(p -> p.info().command().map(c -> c.contains("mariadbd")).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        TestkitFiles.deleteQuietly(dir);
    }

    private static void killAll() {
        CHILDREN.forEach(Process::destroyForcibly);
        for (MariaDbServer s : SERVERS) {
            s.close();
        }
    }
}
