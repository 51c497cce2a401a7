package io.iso2db.internal.parallel;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.apply.Applier;
import io.iso2db.internal.apply.PreciseReplayNeeded;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One apply session of a parallel task: takes the next unit, waits for the units it depends on,
 * executes its rows, waits for its turn, then writes the checkpoint and commits.
 */
final class ApplyWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyWorker.class);

    private final String task;
    private final Applier applier;
    private final BlockingQueue<Unit> units;
    private final CommitOrder order;
    /** Told the checkpoint of each committed unit, in commit order, before the next unit may commit. */
    private final Consumer<Position> committed;

    ApplyWorker(String task, Applier applier, BlockingQueue<Unit> units, CommitOrder order, Consumer<Position> committed) {
        this.task = task;
        this.applier = applier;
        this.units = units;
        this.order = order;
        this.committed = committed;
    }

    @Override
    public void run() {
        MDC.put("task", task);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Unit unit = units.take();
                try {
                    apply(unit);
                } finally {
                    order.finished();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            applier.close();
            MDC.remove("task");
        }
    }

    private void apply(Unit unit) throws InterruptedException {
        if (!order.await(unit.seq, unit.dependsOn)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                execute(unit);
                if (!order.await(unit.seq, unit.seq - 1)) {
                    applier.rollback();
                    return;
                }
                applier.commit(unit.last);
                committed.accept(unit.last);
                order.committed(unit.seq);
                return;
            } catch (PreciseReplayNeeded e) {
                applier.rollback();   // the next attempt applies the unit statement by statement
                if (attempt > 1) {
                    order.fail(unit.seq, e);
                    return;
                }
                LOG.debug("Task {}: {}", task, e.getMessage());
            } catch (Iso2dbException e) {
                applier.rollback();
                order.fail(unit.seq, lockConflict(e) ? PreciseReplayNeeded.restart("Task " + task + ": " + unit
                        + " waited for a row lock held by a later unit (a dependency its keys did not show: "
                        + e.getMessage() + "); restarting from the checkpoint, applying one unit at a time for a while", e)
                        : e);
                return;
            } catch (RuntimeException | Error e) {
                // an Error too: a worker that died without failing its unit would leave every later one waiting
                order.fail(unit.seq, new Iso2dbException(ErrorCode.APPLY_FAILED, "Unexpected failure applying " + unit
                        + ": " + e, e));
                applier.rollback();
                return;
            }
        }
    }

    private void execute(Unit unit) {
        applier.tolerant(unit.tolerant);
        applier.begin(unit.firstGtid, unit.origin);
        unit.replayOn(applier);
        applier.executePending();
    }

    /** A lock wait timeout or deadlock: with dependencies from write sets, only a lock no key showed can cause it. */
    static boolean lockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && (s.getErrorCode() == 1205 || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }
}
