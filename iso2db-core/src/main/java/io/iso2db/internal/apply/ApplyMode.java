package io.iso2db.internal.apply;

/** How the rows of one source transaction are written to the target. */
enum ApplyMode {

    /**
     * The default: row changes are folded to their net effect and sent with the checkpoint and
     * COMMIT in multi-statement round trips; the server itself checks that every UPDATE and
     * DELETE found its row. Consecutive transactions may share a target commit.
     */
    PIPELINED,

    /**
     * Statement by statement, each row change checked and a conflict resolved by the task's policy;
     * used for a transaction whose pipelined form failed, to apply it exactly or say precisely why not.
     */
    PRECISE,

    /**
     * As {@link #PRECISE}, but inserts overwrite and missing rows are accepted, and DDL that is already
     * in place is skipped: the first transaction after a resume that may have applied it already.
     */
    TOLERANT;

    boolean pipelined() {
        return this == PIPELINED;
    }
}
