package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import java.util.HexFormat;

/**
 * A MariaDB GTID event with what the client library does not read (it reads only sequence, domain
 * and flags): the XA id it carries when its group ends with XA PREPARE, or completes one (MariaDB
 * writes no XA START statement for such a group: the GTID event stands for it), and the phase of a
 * two-phase ALTER ({@code binlog_alter_two_phase}: the statement is logged at its start and again
 * at its commit or rollback).
 */
public final class MariaGtid extends MariadbGtidEventData {

    /** The group ends with XA PREPARE. */
    public static final int FL_PREPARED_XA = 0x40;
    /** The group is the XA COMMIT or XA ROLLBACK of a prepared transaction. */
    public static final int FL_COMPLETED_XA = 0x80;
    private static final int FL_GROUP_COMMIT_ID = 0x02;
    /** Extra flags (the byte after the fields above, when the event holds one). */
    private static final int FL_START_ALTER = 0x02;
    private static final int FL_ROLLBACK_ALTER = 0x08;

    private long formatId;
    private String gtrid = "";
    private String bqual = "";
    private int flagsExtra;

    MariaGtid() {
    }

    /** A GTID event of a group that ends with XA PREPARE (events built by hand). */
    public static MariaGtid preparing(long domainId, long sequence, long formatId, String gtrid, String bqual) {
        MariaGtid g = new MariaGtid();
        g.setDomainId(domainId);
        g.setSequence(sequence);
        g.setFlags(FL_PREPARED_XA);
        g.formatId = formatId;
        g.gtrid = gtrid;
        g.bqual = bqual;
        return g;
    }

    /** Reads MariaDB GTID events with their XA id and extra flags from now on. */
    static void install(EventDeserializer deserializer) {
        deserializer.setEventDataDeserializer(EventType.MARIADB_GTID, in -> {
            MariaGtid g = new MariaGtid();
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
            if (in.available() > 0) {
                g.flagsExtra = in.readInteger(1);   // zero padding when the event has none
            }
            return g;
        });
    }

    /** Whether the group ends with XA PREPARE. */
    public boolean preparesXa() {
        return (getFlags() & FL_PREPARED_XA) != 0;
    }

    /**
     * Whether the group is the start of a two-phase ALTER, or the rollback of one: its statement
     * changes nothing (the group that commits the ALTER carries it again).
     */
    public boolean alterPhaseOnly() {
        return (flagsExtra & (FL_START_ALTER | FL_ROLLBACK_ALTER)) != 0;
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
