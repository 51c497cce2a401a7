package io.iso2db;

import java.util.Objects;
import java.util.Optional;

/**
 * A point in a source's binary log: a file and offset, a GTID set, or both.
 *
 * <p>A position always points <em>between</em> transactions: the next transaction to read starts
 * there. GTID sets use the source's syntax ({@code 0-1-100,1-2-7} on MariaDB,
 * {@code uuid:1-100} on MySQL). Immutable; {@link #toString()} is stable and {@link #parse}
 * reads it back.
 */
public final class Position {

    private final String file;
    private final long offset;
    private final String gtidSet;

    private Position(String file, long offset, String gtidSet) {
        this.file = file;
        this.offset = offset;
        this.gtidSet = gtidSet;
    }

    /** The position {@code offset} in binlog {@code file} (offset 4 is the start of a file). */
    public static Position file(String file, long offset) {
        if (file == null || file.isBlank()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "binlog file name must not be empty");
        }
        if (offset < 4) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "binlog offset must be >= 4 (the start of a file), was " + offset);
        }
        return new Position(file, offset, null);
    }

    /** The position after every transaction of {@code gtidSet}. */
    public static Position gtid(String gtidSet) {
        Objects.requireNonNull(gtidSet, "gtidSet");
        return new Position(null, 0, gtidSet.trim());
    }

    /** A position known both ways; either part may be null (not both). */
    public static Position of(String file, long offset, String gtidSet) {
        if (file == null && gtidSet == null) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "a position needs a binlog file or a GTID set");
        }
        return new Position(file, file == null ? 0 : offset, gtidSet == null ? null : gtidSet.trim());
    }

    /** Reads the form written by {@link #toString()}: {@code file:offset}, {@code gtid:set} or {@code file:offset gtid:set}. */
    public static Position parse(String text) {
        String file = null;
        long offset = 0;
        String gtid = null;
        for (String part : text.trim().split("\\s+")) {
            if (part.startsWith("gtid:")) {
                gtid = part.substring(5);
            } else {
                int colon = part.lastIndexOf(':');
                if (colon < 1) {
                    throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Cannot read position '" + text + "': expected file:offset or gtid:set");
                }
                file = part.substring(0, colon);
                offset = Long.parseLong(part.substring(colon + 1));
            }
        }
        return of(file, offset, gtid);
    }

    public Optional<String> binlogFile() {
        return Optional.ofNullable(file);
    }

    /** Offset in {@link #binlogFile()}; 0 when there is no file part. */
    public long offset() {
        return offset;
    }

    public Optional<String> gtidSet() {
        return Optional.ofNullable(gtidSet);
    }

    public boolean hasFile() {
        return file != null;
    }

    public boolean hasGtid() {
        return gtidSet != null;
    }

    /**
     * Compares the file parts: negative when this is before {@code other}. Binlog files of one
     * server are numbered ({@code mysql-bin.000007}), so the suffix orders them.
     */
    public int compareFileTo(Position other) {
        if (!hasFile() || !other.hasFile()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "both positions need a binlog file to be compared");
        }
        int byFile = Long.compare(fileIndex(file), fileIndex(other.file));
        return byFile != 0 ? byFile : Long.compare(offset, other.offset);
    }

    static long fileIndex(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "binlog file name '" + file + "' has no numeric suffix");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && offset == p.offset && Objects.equals(file, p.file)
                && Objects.equals(gtidSet, p.gtidSet);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, offset, gtidSet);
    }

    @Override
    public String toString() {
        String f = file == null ? "" : file + ":" + offset;
        String g = gtidSet == null ? "" : "gtid:" + gtidSet;
        return f.isEmpty() ? g : g.isEmpty() ? f : f + " " + g;
    }
}
