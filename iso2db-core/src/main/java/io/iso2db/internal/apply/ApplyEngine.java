package io.iso2db.internal.apply;

import java.util.function.BooleanSupplier;

/** What a task applies with: one session ({@link Applier}) or several in parallel, behind one sink. */
public interface ApplyEngine extends TransactionSink, AutoCloseable {

    /** Opens the target connection now, so an unreachable target shows before the task reports RUNNING. */
    void connect();

    /** Tells the engine how to see whether more source events wait to be applied (grouping while behind). */
    void waitingWork(BooleanSupplier waiting);

    @Override
    void close();
}
