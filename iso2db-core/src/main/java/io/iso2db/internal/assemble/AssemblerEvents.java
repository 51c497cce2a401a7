package io.iso2db.internal.assemble;

import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.Transaction;

/** What the assembler reports to its task. Called on the session's apply thread. */
public interface AssemblerEvents {

    /** A transaction was committed on the target. */
    void committed(Transaction transaction);

    /** A DDL statement was applied on the target and the position after it saved. */
    void ddlApplied(DdlChange ddl, Position after);

    /** Everything up to {@code position} was read and applied or skipped. */
    void processed(Position position, boolean persisted);
}
