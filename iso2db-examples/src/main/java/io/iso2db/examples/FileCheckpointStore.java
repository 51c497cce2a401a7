package io.iso2db.examples;

import io.iso2db.Position;
import io.iso2db.spi.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A custom checkpoint store: one small file per task, replaced atomically after each commit on
 * the target. Written after the commit, so after a crash the last transaction may be applied
 * again: at-least-once (iso2db then applies the first transaction idempotently).
 */
public final class FileCheckpointStore implements CheckpointStore {

    private final Path directory;
    private Path file;

    public FileCheckpointStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void open(Context context) {
        file = directory.resolve(context.key().task() + "-" + context.key().serverId() + ".position");
    }

    @Override
    public Optional<Position> load() {
        try {
            return Files.exists(file) ? Optional.of(Position.parse(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public void saveCommitted(Position position) {
        try {
            Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), position.toString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    @Override
    public Guarantee guarantee() {
        return Guarantee.AT_LEAST_ONCE;
    }

    @Override
    public String toString() {
        return "file store in " + directory;
    }
}
