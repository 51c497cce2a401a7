package io.iso2db.internal.export;

import java.sql.SQLException;

/** Writes held on the source for as long as the snapshot alone does not hold their tables still. */
interface WriteHold {

    WriteHold NONE = new WriteHold() {
        @Override
        public void hold() {
        }

        @Override
        public void letGo() {
        }
    };

    /** Starts holding; called right before the snapshots open (under the global lock, with {@code LOCK}). */
    void hold() throws SQLException;

    /** Stops holding (a fallback to the global lock takes hold again under it). */
    void letGo();
}
