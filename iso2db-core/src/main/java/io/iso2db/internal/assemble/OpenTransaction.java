package io.iso2db.internal.assemble;

import io.iso2db.event.TableId;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.loop.Marker;
import io.iso2db.internal.loop.OriginTracker;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What is known of the source transaction being read, shared by the assembler's parts. */
final class OpenTransaction {

    /** Loop control, or null when off. */
    private final OriginTracker origins;
    /** Between BEGIN (or a GTID that is not standalone) and the transaction's end. */
    boolean open;
    /** Not applied: an ignored connection, a filtered GTID, another region's echo. */
    boolean ignored;
    /**
     * The source's id of this transaction when it ends with XA PREPARE (MariaDB's GTID event says so
     * at its start), else null.
     */
    XaId preparedXa;
    /**
     * The start or the rollback of a two-phase ALTER ({@code binlog_alter_two_phase}): its statement
     * is not run (the group that commits the ALTER logs it again, and runs it then).
     */
    boolean alterPhaseOnly;
    /** Its source is MariaDB (the group began with a MariaDB GTID event). */
    boolean fromMariaDb;
    /** Check flags of the rows event being read ({@code FlaggedRows}). */
    int rowFlags;
    /** Tables it changed that are applied, and how many rows. */
    final Set<TableId> touched = new LinkedHashSet<>();
    long rows;
    /** Row changes by operation: inserts, updates, deletes. */
    final long[] byOperation = new long[3];
    /** SAVEPOINTs seen before its first applied row, replayed once that row opens the target transaction. */
    final List<String> savepoints = new ArrayList<>();
    /** A rows event of it was seen (with loop control the marker must be the first). */
    private boolean rowsSeen;
    /** Where it was first written (loop control; 0 without). */
    private long origin;

    OpenTransaction(OriginTracker origins) {
        this.origins = origins;
        this.origin = localOrigin();
    }

    long origin() {
        return origin;
    }

    /** This region's origin id, 0 without loop control. */
    long localOrigin() {
        return origins == null ? 0 : origins.local();
    }

    /** Forgets the previous transaction's origin and savepoints: the next one's is decided at its own first rows event. */
    void next() {
        rowsSeen = false;
        savepoints.clear();
        origin = localOrigin();
    }

    /** The transaction ended (applied, skipped or rolled back). */
    void ended() {
        ignored = false;
        preparedXa = null;
        alterPhaseOnly = false;
        next();
        touched.clear();
        rows = 0;
        java.util.Arrays.fill(byOperation, 0);
    }

    /**
     * Decides the origin at the first rows event, whatever table that event is for: a transaction
     * iso2db applied always starts with its marker, so any other first table (null: a filtered one)
     * means the transaction was written in the source region.
     */
    void firstRows(TableId table, Serializable[] image, long timestampMillis) {
        if (rowsSeen) {
            return;
        }
        rowsSeen = true;
        if (origins == null) {
            return;
        }
        origin = origins.local();
        if (Marker.TABLE.equals(table)) {
            origin = origins.markerFirst(image, timestampMillis);
            ignored |= origin < 0;
        }
    }

    /** The origin of a DDL statement (negative: an echo to skip), 0 without loop control. */
    long ddlOrigin(String sql, long threadId, long timestampMillis) {
        return origins == null ? 0 : origins.ddl(sql, threadId, timestampMillis);
    }

    boolean loopControl() {
        return origins != null;
    }
}
