package io.iso2db.export;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.export.VerifyConfig;
import io.iso2db.internal.export.VerifyRun;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proves that a target holds the same rows as its source, while writes go on, and says which rows
 * differ. Both sides are read under one consistent cut: a snapshot of the source at a binlog
 * position, and a snapshot of the target taken while the task's {@link io.iso2db.Replicator} is
 * held right after applying everything before that position. Tables are compared in key ranges by
 * checksums computed inside each server (only numbers cross the network); a range that differs is
 * narrowed to rows.
 *
 * <pre>{@code
 * VerifyResult r = Verifier.builder().source(src).target(dst).databases("shop").replicator(task).build().run();
 * if (!r.equal()) System.out.println(r.report());
 * }</pre>
 */
public final class Verifier {

    private final VerifyConfig config;
    private final AtomicBoolean ran = new AtomicBoolean();

    Verifier(VerifyConfig config) {
        this.config = config;
    }

    public static VerifierBuilder builder() {
        return new VerifierBuilder();
    }

    /**
     * Compares every table; blocks until done. Reads only: nothing is written on either server.
     *
     * @throws Iso2dbException {@code TARGET_TABLE_MISSING} naming a table the target lacks,
     *                         {@code ILLEGAL_STATE} when the replicator does not reach the cut in time,
     *                         {@code CONNECTION_FAILED} / {@code MISSING_PRIVILEGE} as named
     */
    public VerifyResult run() {
        if (!ran.compareAndSet(false, true)) {
            throw new Iso2dbException(ErrorCode.ILLEGAL_STATE, "A Verifier runs once; build a new one");
        }
        return new VerifyRun(config).run();
    }

    @Override
    public String toString() {
        return "Verifier[" + config.source().describe() + " -> " + config.target().describe() + ", " + config.filter()
                + ", threads=" + config.threads() + "]";
    }
}
