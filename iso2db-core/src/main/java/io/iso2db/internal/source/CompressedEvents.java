package io.iso2db.internal.source;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Events a MariaDB source writes compressed ({@code log_bin_compress=ON}, for events of at least
 * {@code log_bin_compress_min_len} bytes), turned back into the plain events they stand for. The
 * binlog client does not know their types and hands them over without data, so without this their
 * rows and statements would be passed over. A compressed QUERY holds its statement compressed; a
 * compressed rows event its rows (after the column bitmaps). The compressed part starts with a
 * byte whose low 3 bits give how many bytes of uncompressed length follow (big-endian), then a
 * zlib stream.
 */
final class CompressedEvents {

    static final int QUERY_COMPRESSED = 165;
    /** WRITE, UPDATE and DELETE rows events, version 1 (166..168) and version 2 (169..171). */
    private static final int ROWS_COMPRESSED_FIRST = 166;
    private static final int ROWS_COMPRESSED_LAST = 171;
    private static final int QUERY = 2;
    private static final int WRITE_ROWS_V1 = 23;
    private static final int WRITE_ROWS_V2 = 30;
    private static final int HEADER = 19;
    private static final int TYPE_OFFSET = 4;
    private static final int LENGTH_OFFSET = 9;
    private static final int CHECKSUM = 4;

    private CompressedEvents() {
    }

    static boolean isCompressed(byte[] event) {
        int type = event[TYPE_OFFSET] & 0xFF;
        return type >= QUERY_COMPRESSED && type <= ROWS_COMPRESSED_LAST;
    }

    /** The plain event a compressed one stands for (the same layout, the compressed part inflated). */
    static byte[] inflate(byte[] event, boolean withChecksum) throws IOException {
        int type = event[TYPE_OFFSET] & 0xFF;
        int end = event.length - (withChecksum ? CHECKSUM : 0);
        int compressedAt;
        int plainType;
        if (type == QUERY_COMPRESSED) {
            int dbLength = event[HEADER + 8] & 0xFF;
            int statusLength = (event[HEADER + 11] & 0xFF) | (event[HEADER + 12] & 0xFF) << 8;
            compressedAt = HEADER + 13 + statusLength + dbLength + 1;
            plainType = QUERY;
        } else {
            int kind = (type - ROWS_COMPRESSED_FIRST) % 3;   // write, update, delete
            boolean v2 = type >= ROWS_COMPRESSED_FIRST + 3;
            int at = HEADER + 8;   // table id (6 bytes), flags (2)
            if (v2) {
                at += (event[at] & 0xFF) | (event[at + 1] & 0xFF) << 8;   // extra data, its length included
            }
            int[] pos = {at};
            long columns = BinlogBytes.packed(event, pos);
            compressedAt = pos[0] + (int) ((columns + 7) / 8) * (kind == 1 ? 2 : 1);
            plainType = (v2 ? WRITE_ROWS_V2 : WRITE_ROWS_V1) + kind;
        }
        byte[] plain = inflated(event, compressedAt, end);
        byte[] out = new byte[compressedAt + plain.length + (withChecksum ? CHECKSUM : 0)];
        System.arraycopy(event, 0, out, 0, compressedAt);
        System.arraycopy(plain, 0, out, compressedAt, plain.length);
        out[TYPE_OFFSET] = (byte) plainType;
        BinlogBytes.putLittleEndian(out, LENGTH_OFFSET, 4, out.length);
        if (withChecksum) {
            CRC32 crc = new CRC32();
            crc.update(out, 0, out.length - CHECKSUM);
            BinlogBytes.putLittleEndian(out, out.length - CHECKSUM, CHECKSUM, crc.getValue());
        }
        return out;
    }

    private static byte[] inflated(byte[] event, int at, int end) throws IOException {
        if ((event[at] & 0x70) != 0) {
            throw new IOException("a compressed binlog event (type " + (event[TYPE_OFFSET] & 0xFF) + ") with an algorithm"
                    + " not known here (header byte " + (event[at] & 0xFF) + ")");
        }
        return block(event, at, end, false, "a compressed binlog event (type " + (event[TYPE_OFFSET] & 0xFF) + ")");
    }

    /**
     * MariaDB's compressed block at {@code at} (up to {@code end}), inflated: a header byte whose low 3
     * bits give how many bytes of original length follow (big-endian), then a deflate stream, {@code raw}
     * or behind a zlib header. {@code what} names the block in errors.
     */
    static byte[] block(byte[] b, int at, int end, boolean raw, String what) throws IOException {
        int lengthBytes = b[at] & 0x07;
        if (lengthBytes == 0 || lengthBytes > 4) {
            throw new IOException(what + " has a length header not known here (header byte " + (b[at] & 0xFF) + ")");
        }
        long length = 0;
        for (int i = 1; i <= lengthBytes; i++) {
            length = length << 8 | (b[at + i] & 0xFF);
        }
        byte[] plain = new byte[(int) length];
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(b, at + 1 + lengthBytes, end - at - 1 - lengthBytes);
            int n = 0;
            while (n < plain.length) {
                int got = inflater.inflate(plain, n, plain.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != plain.length) {
                throw new IOException(what + " inflated to " + n + " bytes, not the " + length + " it announced");
            }
            return plain;
        } catch (DataFormatException e) {
            throw new IOException(what + " is not a valid deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
