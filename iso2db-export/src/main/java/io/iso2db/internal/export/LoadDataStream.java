package io.iso2db.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * A chunk's rows in LOAD DATA's escaped text form (tab between fields, newline after a row,
 * {@code \N} for NULL, backslash escapes), produced from the streaming source result set while
 * the target's {@code LOAD DATA LOCAL} reads it. Nothing holds a part: memory is the row being
 * read (a 16 MB BLOB is read in pieces from the driver's row buffer, never copied whole), and the source is read while
 * the target parses and inserts. A part ends at the first row boundary past its byte limit, so a
 * chunk is loaded by several statements; the rows of one statement are counted for its check.
 * A source failure inside a read is kept ({@link #rethrow()}): the driver reports only that the
 * "file" could not be read.
 */
final class LoadDataStream extends InputStream {

    private static final byte[] TAB = {'\t'};
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] NULL = {'\\', 'N'};

    private final ResultSet rs;
    private final boolean[] bit;
    private final boolean[] lob;
    private final WriteCheck check;
    private final BooleanSupplier stop;
    /** Value, tab, value, …, newline: two steps per column. */
    private final int steps;
    private int step;
    /** Bytes being written: a separator, {@code \N}, a BIT's digits, or a piece of a value. */
    private byte[] segment = new byte[0];
    private int pos;
    private int limit;
    /** The rest of the value being written, read in pieces: the driver's row buffer, not a copy of it. */
    private InputStream value;
    private final byte[] piece = new byte[64 << 10];
    private boolean escape;
    private int pending = -1;
    private boolean rowReady;
    private boolean exhausted;
    private boolean stopped;
    private long partLimit;
    private long partBytes;
    private long partRows;
    private long rows;
    private long bytes;
    private SQLException error;

    /**
     * @param bit columns written as their number (BIT: the server would take the bytes as text)
     * @param lob BLOB and TEXT columns, read in pieces from the driver's row buffer
     */
    LoadDataStream(ResultSet rs, boolean[] bit, boolean[] lob, WriteCheck check, BooleanSupplier stop) {
        this.rs = rs;
        this.bit = bit;
        this.lob = lob;
        this.check = check;
        this.stop = stop;
        this.steps = 2 * bit.length;
        this.step = steps;
    }

    /** Whether rows are left to load. */
    boolean more() throws SQLException {
        if (!rowReady && !exhausted && !stopped) {
            rowReady = rs.next();
            exhausted = !rowReady;
        }
        return rowReady && !stopped;
    }

    /** Starts the next statement's part: rows until {@code limit} bytes are passed. */
    void startPart(long limit) {
        partLimit = limit;
        partBytes = 0;
        partRows = 0;
    }

    long partRows() {
        return partRows;
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }

    /** Whether the part ended because the export is stopping. */
    boolean stopped() {
        return stopped;
    }

    /** Throws the source's failure that ended a read, if one did. */
    void rethrow() throws SQLException {
        if (error != null) {
            throw error;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pending >= 0) {
                b[off + n++] = (byte) pending;
                pending = -1;
            } else if (pos < limit && !escape) {
                int k = Math.min(len - n, limit - pos);
                System.arraycopy(segment, pos, b, off + n, k);
                pos += k;
                n += k;
            } else if (pos < limit) {
                while (pos < limit && n < len) {
                    byte v = segment[pos++];
                    int e = escapeOf(v);
                    if (e < 0) {
                        b[off + n++] = v;
                    } else {
                        b[off + n++] = '\\';
                        if (n < len) {
                            b[off + n++] = (byte) e;
                        } else {
                            pending = e;
                        }
                    }
                }
            } else if (value != null) {
                limit = value.read(piece);
                pos = 0;
                if (limit <= 0) {
                    value = null;
                    limit = 0;
                }
            } else if (!next(n)) {
                break;
            }
        }
        partBytes += n;
        bytes += n;
        return n == 0 ? -1 : n;
    }

    /** Nothing to close: the result set belongs to the copier (the driver closes the "file" after each part). */
    @Override
    public void close() {
    }

    private static int escapeOf(byte v) {
        return switch (v) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case 0 -> '0';
            default -> -1;
        };
    }

    private void segment(byte[] bytes) {
        segment = bytes;
        limit = bytes.length;
    }

    /** Moves to the next segment; false when the part ends. */
    private boolean next(int produced) throws IOException {
        try {
            if (step == steps) {
                if (partBytes + produced >= partLimit) {
                    return false;
                }
                if (stop.getAsBoolean()) {
                    stopped = true;
                    return false;
                }
                if (!more()) {
                    return false;
                }
                rowReady = false;
                step = 0;
                partRows++;
                rows++;
            }
            int s = step++;
            pos = 0;
            escape = false;
            if (s == steps - 1) {
                segment(NEWLINE);
            } else if ((s & 1) == 1) {
                segment(TAB);
            } else {
                int i = s / 2;
                if (lob[i]) {
                    InputStream v = rs.getBinaryStream(i + 1);
                    check.sent(i, v == null, v == null ? 0 : v.available());
                    if (v == null) {
                        segment(NULL);
                    } else {
                        segment = piece;
                        limit = 0;
                        value = v;
                        escape = true;
                    }
                } else {
                    byte[] v = rs.getBytes(i + 1);
                    check.sent(i, v);
                    if (v == null) {
                        segment(NULL);
                    } else if (bit[i]) {
                        segment(new BigInteger(1, v).toString().getBytes(StandardCharsets.US_ASCII));
                    } else {
                        segment(v);
                        escape = true;
                    }
                }
            }
            return true;
        } catch (SQLException e) {
            error = e;
            throw new IOException("reading the chunk from the source failed: " + e.getMessage(), e);
        }
    }
}
