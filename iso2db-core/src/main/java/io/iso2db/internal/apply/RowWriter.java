package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.Conflict;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.internal.source.FlaggedRows;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the row changes of the open source transaction in its {@link ApplyMode}: pipelined
 * (net changes merged, many statements per round trip, checked by the server) or statement by
 * statement (consecutive changes of one table and kind as one JDBC batch, each checked here and a
 * conflict resolved by policy).
 */
final class RowWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RowWriter.class);
    private static final int MAX_BATCH = 500;

    private final ApplySession session;
    private final ConflictResolver conflicts;
    private final boolean compareBeforeImage;
    /** By definition (a table's whole definition, and its views by partial images); cleared when definitions change. */
    private final Map<TableSchema, SqlShapes> shapes = new IdentityHashMap<>();
    private final Pipeline pipeline = new Pipeline();
    private final RowMerger merger = new RowMerger();
    private final StatementRunner runner = new StatementRunner();
    private final List<RowOp> batch = new ArrayList<>();
    /** Conflicts resolved in the open target transaction, told once it commits. */
    private final List<Conflict> resolved = new ArrayList<>();
    private ApplyMode mode = ApplyMode.PIPELINED;
    private String gtid;
    /** Whether a pipelined round trip failed since the last {@link #takePipelineFailed()}. */
    private boolean pipelineFailed;
    private boolean sendAhead;

    RowWriter(ApplySession session, ConflictResolver conflicts, boolean compareBeforeImage) {
        this.session = session;
        this.conflicts = conflicts;
        this.compareBeforeImage = compareBeforeImage;
    }

    /** The next changes belong to source transaction {@code gtid} (may be null), written in {@code mode}. */
    void unit(String gtid, ApplyMode mode) {
        this.gtid = gtid;
        this.mode = mode;
    }

    /** Finds merged rows by key first: this session runs beside others (parallel workers). */
    void keysFirst() {
        merger.keysFirst();
    }

    ApplyMode mode() {
        return mode;
    }

    void row(RowOp op) {
        if (mode.pipelined()) {
            SqlShapes s = shapes(op);
            if (!op.schema().independentRows()) {
                if (op.schema().partialImage()) {
                    merger.drainInto(pipeline);   // the table's earlier (whole) rows may wait there: order matters
                }
                pipeline.add(s, op);
            } else if (!merger.add(s, op)) {
                pipelineFailed = true;
                throw new PreciseReplayNeeded("GTID " + gtid + ": changes to " + op.schema().id() + " repeat a key;"
                        + " replaying them statement by statement", null);
            }
            if (pipeline.isFull() || merger.isFull()) {
                send();
            }
            return;
        }
        if (!batch.isEmpty() && (batch.get(0).schema() != op.schema() || batch.get(0).op() != op.op()
                || batch.size() >= MAX_BATCH)) {
            flushBatch();
        }
        batch.add(op);
    }

    /** A statement that must run at its place among the rows (savepoint, check flags, marker). */
    void inOrder(String sql, String what) {
        if (mode.pipelined()) {
            addToRoundTrip(sql);   // after the net changes so far: they must not be folded across it
            return;
        }
        flushBatch();
        session.execute(sql, what);
    }

    /**
     * Applies the next rows with the source session's foreign-key, unique and CHECK constraint checks
     * ({@link FlaggedRows} flags).
     */
    void checks(int flags) {
        if (flags != session.checkFlags()) {
            // CHECK constraints only when they change: a MySQL target has no such variable (and no MariaDB source to ask it)
            boolean constraints = ((flags ^ session.checkFlags()) & FlaggedRows.NO_CHECK_CONSTRAINT_CHECKS) != 0;
            String sql = "SET SESSION foreign_key_checks = " + ((flags & FlaggedRows.NO_FOREIGN_KEY_CHECKS) == 0 ? 1 : 0)
                    + ", unique_checks = " + ((flags & FlaggedRows.RELAXED_UNIQUE_CHECKS) == 0 ? 1 : 0)
                    + (constraints ? ", check_constraint_checks = "
                            + ((flags & FlaggedRows.NO_CHECK_CONSTRAINT_CHECKS) == 0 ? 1 : 0) : "");
            inOrder(sql, "replaying " + sql);
            session.checkFlags(flags);
        }
    }

    /** Adds a statement to the round trip being built (pipelined mode). */
    void addToRoundTrip(String sql) {
        merger.drainInto(pipeline);
        pipeline.addUnchecked(sql);
    }

    /** Adds a guard to the round trip: it stops (nothing after it runs) when {@code condition} holds. */
    void failIf(String condition) {
        merger.drainInto(pipeline);
        pipeline.failIf(condition);
    }

    /** Sends the round trip being built, if it is large enough that holding it longer gains nothing. */
    void sendIfFull() {
        if (pipeline.isFull()) {
            send();
        }
    }

    /**
     * Sends everything buffered: the round trip being built, or the batch of the precise path. With
     * {@link #sendAhead} the round trip goes on its way and this returns at once; its failure is
     * thrown by the next use of the connection.
     */
    void send() {
        flushBatch();
        merger.drainInto(pipeline);
        if (pipeline.isEmpty()) {
            return;
        }
        java.sql.Connection c = session.connection();   // the round trip before is answered first
        Pipeline.RoundTrip trip = pipeline.take();
        String unit = gtid;
        if (sendAhead) {
            session.sendAhead(() -> Pipeline.execute(trip, c), e -> failed(unit, e));
            return;
        }
        try {
            Pipeline.execute(trip, c);
        } catch (Pipeline.Failed | SQLException e) {
            throw failed(unit, e);
        }
    }

    /** Round trips go on their way while the next is built ({@link RoundTripOnItsWay}); off: each is awaited. */
    void sendAhead(boolean on) {
        this.sendAhead = on;
    }

    private RuntimeException failed(String unit, Exception e) {
        if (e instanceof Pipeline.Failed f) {
            pipelineFailed = true;
            return new PreciseReplayNeeded("GTID " + unit + ": " + f.getMessage() + "; replaying it statement by statement",
                    f.getCause());
        }
        if (e instanceof SQLException q) {
            return session.failure("applying GTID " + unit, q);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    /** Whether the pipelined form failed since the last call (the transactions must be replayed precisely). */
    boolean takePipelineFailed() {
        boolean failed = pipelineFailed;
        pipelineFailed = false;
        return failed;
    }

    /** Statement bytes handed to this writer in its lifetime (sent or buffered). */
    long bytes() {
        return pipeline.totalBytes() + merger.bytes();
    }

    /** The conflicts resolved since the last call, for telling once their transaction committed. */
    List<Conflict> takeResolved() {
        List<Conflict> out = List.copyOf(resolved);
        resolved.clear();
        return out;
    }

    /** Forgets statement shapes and prepared statements: a table's definition may have changed. */
    void definitionsChanged() {
        shapes.clear();
        runner.clear();
    }

    /** Drops everything buffered (the transaction is being abandoned). */
    void clear() {
        batch.clear();
        pipeline.clear();
        merger.clear();
        resolved.clear();
    }

    /** The connection was replaced: its prepared statements are gone. */
    void connectionLost() {
        runner.clear();
    }

    /** The shapes of the table as the row sees it (a partial image finds its row by key alone: only the key is known). */
    private SqlShapes shapes(RowOp op) {
        if (shapes.size() > 10_000) {
            shapes.clear();   // definitions read again without a DDL (drift checks) leave their old shapes behind
        }
        return shapes.computeIfAbsent(op.schema(), t -> new SqlShapes(t, compareBeforeImage && !t.partialImage()));
    }

    private void flushBatch() {
        if (batch.isEmpty()) {
            return;
        }
        RowOp first = batch.get(0);
        SqlShapes s = shapes(first);
        boolean tolerant = mode == ApplyMode.TOLERANT;
        try {
            resolved.addAll(runner.run(session.connection(), s, first.op(), batch, tolerant, gtid, conflicts));
        } catch (SQLException e) {
            if (SessionModes.refusedNonStrictValue(e, first.schema())) {
                // the failed statement was undone; the values are what the (non-strict) source holds
                LOG.debug("Strict mode refused a value the source holds in {} ({}); writing it as the source did",
                        first.schema().id(), e.getMessage());
                runLax(s, first, tolerant);
                return;
            }
            if (e.getErrorCode() == 1062 || e.getErrorCode() == 1452 || e.getErrorCode() == 1451) {
                throw new Iso2dbException(ErrorCode.APPLY_CONFLICT, "Conflict on the target while applying GTID " + gtid
                        + " to " + first.schema().id() + " (" + first.op() + "): " + e.getMessage()
                        + ". The target holds rows the source does not; the task stopped without skipping anything."
                        + " Repair the row on the target, then restart.", e);
            }
            throw session.failure(what(first), e);
        } finally {
            batch.clear();
        }
    }

    private void runLax(SqlShapes s, RowOp first, boolean tolerant) {
        try {
            session.lax(c -> {
                for (RowOp row : batch) {
                    resolved.addAll(runner.run(c, s, first.op(), List.of(row), tolerant, gtid, conflicts));
                    LaxWriteCheck.verify(c, row);
                }
            });
        } catch (SQLException e) {
            throw session.failure(what(first), e);
        }
    }

    private String what(RowOp first) {
        return "applying " + first.op() + " to " + first.schema().id() + " (GTID " + gtid + ")";
    }
}
