package io.iso2db.internal.source;

/** Numbers as the binlog writes them: little-endian fixed-size and length-encoded ("packed") integers. */
final class BinlogBytes {

    private BinlogBytes() {
    }

    /** The little-endian unsigned number of {@code bytes} bytes at {@code at}. */
    static long littleEndian(byte[] b, int at, int bytes) {
        long v = 0;
        for (int k = bytes - 1; k >= 0; k--) {
            v = v << 8 | (b[at + k] & 0xFF);
        }
        return v;
    }

    /** Writes {@code value} as {@code bytes} little-endian bytes at {@code at}. */
    static void putLittleEndian(byte[] b, int at, int bytes, long value) {
        for (int k = 0; k < bytes; k++) {
            b[at + k] = (byte) (value >>> (8 * k));
        }
    }

    /** A length-encoded integer at {@code pos[0]}, which is moved past it (0 for the NULL marker 251). */
    static long packed(byte[] b, int[] pos) {
        int first = b[pos[0]++] & 0xFF;
        int bytes = first < 251 ? 0 : first == 252 ? 2 : first == 253 ? 3 : first == 254 ? 8 : 0;
        if (bytes == 0) {
            return first < 251 ? first : 0;
        }
        long v = littleEndian(b, pos[0], bytes);
        pos[0] += bytes;
        return v;
    }
}
