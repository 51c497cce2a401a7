package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import java.util.HexFormat;

/**
 * A MariaDB GTID event with the XA id it carries when its group ends with XA PREPARE, or completes
 * one (the client library reads only sequence, domain and flags; MariaDB writes no XA START
 * statement for such a group: the GTID event stands for it).
 */
public final class XaGtid extends MariadbGtidEventData {

    /** The group ends with XA PREPARE. */
    public static final int FL_PREPARED_XA = 0x40;
    /** The group is the XA COMMIT or XA ROLLBACK of a prepared transaction. */
    public static final int FL_COMPLETED_XA = 0x80;
    private static final int FL_GROUP_COMMIT_ID = 0x02;

    private long formatId;
    private String gtrid = "";
    private String bqual = "";

    XaGtid() {
    }

    /** A GTID event of a group that ends with XA PREPARE (events built by hand). */
    public static XaGtid preparing(long domainId, long sequence, long formatId, String gtrid, String bqual) {
        XaGtid g = new XaGtid();
        g.setDomainId(domainId);
        g.setSequence(sequence);
        g.setFlags(FL_PREPARED_XA);
        g.formatId = formatId;
        g.gtrid = gtrid;
        g.bqual = bqual;
        return g;
    }

    /** Reads MariaDB GTID events with their XA id from now on. */
    static void install(EventDeserializer deserializer) {
        deserializer.setEventDataDeserializer(EventType.MARIADB_GTID, in -> {
            XaGtid g = new XaGtid();
            g.setSequence(in.readLong(8));
            g.setDomainId(in.readInteger(4));
            g.setFlags(in.readInteger(1));
            if ((g.getFlags() & FL_GROUP_COMMIT_ID) != 0) {
                in.readLong(8);   // commit id; the XA id follows it
            }
            if ((g.getFlags() & (FL_PREPARED_XA | FL_COMPLETED_XA)) != 0) {
                g.formatId = in.readLong(4);
                int gtridLength = in.readInteger(1);
                int bqualLength = in.readInteger(1);
                HexFormat hex = HexFormat.of();
                g.gtrid = hex.formatHex(in.read(gtridLength));
                g.bqual = hex.formatHex(in.read(bqualLength));
            }
            return g;
        });
    }

    /** Whether the group ends with XA PREPARE. */
    public boolean preparesXa() {
        return (getFlags() & FL_PREPARED_XA) != 0;
    }

    public long formatId() {
        return formatId;
    }

    /** Global transaction id, hex. */
    public String gtrid() {
        return gtrid;
    }

    /** Branch qualifier, hex. */
    public String bqual() {
        return bqual;
    }
}
