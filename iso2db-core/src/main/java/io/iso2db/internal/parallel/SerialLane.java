package io.iso2db.internal.parallel;

import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.ddl.SourceSession;

/**
 * Work that runs alone on a session of its own once every earlier unit committed: DDL, XA
 * transactions (prepared on the target, then completed), and a unit grown too large to hold,
 * which goes on there streaming. Each takes its turn in the commit order ({@link UnitDispatcher#serialTurn}).
 */
final class SerialLane {

    private final Applier serial;
    private final UnitDispatcher units;
    /** The open transaction is applied directly on {@link #serial} as unit {@link #streamingSeq}. */
    private boolean streaming;
    private long streamingSeq;

    SerialLane(Applier serial, UnitDispatcher units) {
        this.serial = serial;
        this.units = units;
    }

    /** The session itself: target definitions, and the rows of a streaming transaction. */
    Applier applier() {
        return serial;
    }

    /** Whether the open transaction streams on this lane. */
    boolean streaming() {
        return streaming;
    }

    /** Starts an XA transaction here; false (nothing open) when the target holds it prepared already. */
    boolean beginXa(String gtid, long origin, XaId xid) {
        long seq = units.serialTurn();   // the assembler committed the pending work already; XA runs alone
        streaming = serial.beginXa(gtid, origin, xid);
        if (streaming) {
            streamingSeq = seq;
        } else {
            units.serialDone(seq);
        }
        return streaming;
    }

    void prepareXa(XaId xid, Position after) {
        serial.prepareXa(xid, after);
        endStreaming();
    }

    void completeXa(XaId xid, boolean commit, Position after) {
        long seq = units.serialTurn();
        serial.completeXa(xid, commit, after);
        units.serialDone(seq);
    }

    /** The open unit grew too large to hold: once every earlier unit committed, it goes on here, streaming. */
    void stream(Unit unit) {
        units.settle(unit.seq - 1);
        streaming = true;
        streamingSeq = unit.seq;
        serial.tolerant(unit.tolerant);
        serial.begin(unit.firstGtid, unit.origin);
        unit.replayOn(serial);
    }

    /** Commits the streaming transaction (every earlier unit committed before it). */
    void commit(Position position) {
        serial.commit(position);
        endStreaming();
    }

    private void endStreaming() {
        streaming = false;
        units.serialDone(streamingSeq);
    }

    /** The source rolled back the streaming transaction: undone here, and its turn is over (later units may commit). */
    void rollbackTransaction() {
        serial.rollbackTransaction();
        endStreaming();
    }

    void rollback() {
        streaming = false;
        serial.rollback();
    }

    void createForRows(DdlChange ddl, SourceSession source) {
        units.settle(units.lastSeq());
        serial.createForRows(ddl, source);
    }

    void ddl(DdlChange ddl, SourceSession source, Position after, long origin) {
        long seq = units.serialTurn();
        serial.ddl(ddl, source, after, origin);
        units.serialDone(seq);
    }
}
