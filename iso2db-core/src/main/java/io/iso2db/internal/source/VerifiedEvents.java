package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * Reads events only after checking each one's CRC32 checksum (the source writes one per event
 * with {@code binlog_checksum=CRC32}, the default). The client library reads the checksum's
 * length but never checks it, and TCP's own 16-bit sum lets some corruption through, so without
 * this a byte flipped on the way (a faulty NIC, switch or middlebox) would be applied as data.
 * Events a MariaDB source wrote compressed are then read as the plain events they stand for
 * ({@link CompressedEvents}), and compressed columns under their plain types ({@link CompressedColumns}).
 */
final class VerifiedEvents extends EventDeserializer {

    /** The common header: timestamp, type, server_id, event_length (at offset 9), next position, flags. */
    private static final int HEADER = 19;
    private static final int EVENT_LENGTH_OFFSET = 9;

    private volatile boolean crc32;
    private final CompressedColumns compressedColumns = new CompressedColumns();

    /** A corrupted event: the link (or the source's binlog) changed its bytes. */
    static final class ChecksumMismatch extends IOException {
        ChecksumMismatch(String message) {
            super(message);
        }
    }

    @Override
    public void setChecksumType(ChecksumType checksumType) {
        super.setChecksumType(checksumType);
        crc32 = checksumType == ChecksumType.CRC32;
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return super.nextEvent(in);
        }
        byte[] header = in.read(HEADER);
        long length = BinlogBytes.littleEndian(header, EVENT_LENGTH_OFFSET, 4);
        if (length < HEADER + (crc32 ? 4 : 0) || length > Integer.MAX_VALUE) {
            throw new ChecksumMismatch("a binlog event header claims a length of " + length + " bytes: it was corrupted");
        }
        byte[] event = new byte[(int) length];
        System.arraycopy(header, 0, event, 0, HEADER);
        in.fill(event, HEADER, event.length - HEADER);
        if (crc32) {
            verify(event);
        }
        compressedColumns.readMap(event);   // after the checksum: it rewrites the column types
        return super.nextEvent(new ByteArrayInputStream(CompressedEvents.isCompressed(event)
                ? CompressedEvents.inflate(event, crc32) : event));
    }

    /** The compressed columns of the tables mapped so far: their rows are inflated once read. */
    CompressedColumns compressedColumns() {
        return compressedColumns;
    }

    private static void verify(byte[] event) throws ChecksumMismatch {
        CRC32 crc = new CRC32();
        crc.update(event, 0, event.length - 4);
        if (crc.getValue() != BinlogBytes.littleEndian(event, event.length - 4, 4)) {
            throw new ChecksumMismatch("a binlog event of " + event.length + " bytes failed its CRC32 checksum (type "
                    + (event[4] & 0xFF) + ", ending at " + BinlogBytes.littleEndian(event, 13, 4)
                    + "): it was corrupted on the way");
        }
    }
}
