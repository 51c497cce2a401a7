package io.iso2db.internal.pipeline;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.checkpoint.InlineCheckpoint;
import io.iso2db.internal.config.ReplicatorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a task starts: its configured start, its checkpoint, or its fallback; and a fenced task's take-over before. */
final class StartPosition {

    private static final Logger LOG = LoggerFactory.getLogger(StartPosition.class);

    private StartPosition() {
    }

    /** The configured or stored start, or null for "the source's current end". */
    static Position of(ReplicatorConfig cfg) {
        if (cfg.startAt() != null) {
            return cfg.startAt();
        }
        var stored = cfg.store().load();
        if (stored.isPresent()) {
            return stored.get();
        }
        if (cfg.resume()) {
            throw new Iso2dbException(ErrorCode.NO_STORED_POSITION, "Task " + cfg.name() + " (server_id "
                    + cfg.serverId() + ") was asked to resume, but " + cfg.store() + " holds no position for it."
                    + " Give a start position (startAt or resumeOrStartAt, by file and offset or by GTID), or run an export first.");
        }
        return cfg.fallbackStart();
    }

    /**
     * Takes the task over in its checkpoint store (a new epoch): from then on a former owner's
     * commits fail. Done before the position is read, so no former owner commits past it.
     */
    static void takeOver(ReplicatorConfig cfg) {
        if (!(cfg.store() instanceof InlineCheckpoint inline)) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "Task " + cfg.name() + ": fenced() needs a"
                    + " checkpoint store that writes to the target (CheckpointStores.inTarget() or jdbc(...)), not "
                    + cfg.store());
        }
        long epoch = inline.takeOver();
        LOG.info("Task {} taken over with epoch {}: a former owner's commits now fail", cfg.name(), epoch);
    }
}
