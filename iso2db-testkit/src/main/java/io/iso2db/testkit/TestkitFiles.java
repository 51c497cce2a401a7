package io.iso2db.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Folders the testkit writes to, and recursive copy/delete. */
final class TestkitFiles {

    private TestkitFiles() {
    }

    /** Long-lived cache (extracted binaries, template datadirs), shared by all JVMs of this user. */
    static Path cacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "iso2db-testkit-cache");
    }

    /** Where running servers keep their datadirs; cleaned on exit and by the orphan reaper. */
    static Path runDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "iso2db-testkit-run");
    }

    /** Work that may throw I/O errors. */
    interface IoAction {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} once per machine for the folder {@code root}: concurrent JVMs wait on a
     * file lock, and a marker file written after success makes later calls return at once.
     */
    static void onceUnderLock(Path root, String marker, IoAction action) {
        Path done = root.resolve(marker);
        if (Files.exists(done)) {
            return;
        }
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                if (!Files.exists(done)) {
                    action.run();
                    Files.writeString(done, "ok");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + root, e);
        }
    }

    static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
        }
    }

    /** Deletes a tree; never throws (cleanup must not hide the real failure). */
    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a half-deleted temp folder is reaped by the next run
        }
    }
}
