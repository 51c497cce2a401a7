package io.iso2db;

import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.jdbc.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Loop control for multi-region topologies (bidirectional, ring, chain, mesh): which region a
 * task reads from and which it writes to. Every server gets a region id (1..4294967295, unique
 * in the topology, e.g. its {@code server_id}).
 *
 * <p>With loop control on, every transaction the task applies starts with a write to the marker
 * table {@code iso2db.marker} on the target carrying the transaction's <em>origin</em> (the region
 * where it was first written), and applied DDL carries {@code /* iso2db:origin=N *&#47;}. When
 * reading, a transaction that starts with a marker write is
 * <ul>
 * <li>skipped if its origin is the target region (it would echo back) or the source region;</li>
 * <li>otherwise applied with its origin kept ({@link #relayed()}, the default: rings
 * A→B→C→A and chains A→B→C work), or skipped too ({@link #sourceOnly()}: for meshes, where
 * every region reads every other one directly and relaying would apply a change twice).</li>
 * </ul>
 * The target's binlog must be on for the task ({@code targetBinlog(true)}) and the marker table
 * must exist on the target ({@link #installMarkerTable(ConnectionSettings)}).
 */
public final class LoopControl {

    private final long sourceRegion;
    private final long targetRegion;
    private final boolean relay;

    private LoopControl(long sourceRegion, long targetRegion, boolean relay) {
        this.sourceRegion = sourceRegion;
        this.targetRegion = targetRegion;
        this.relay = relay;
    }

    /**
     * Loop control for a task reading region {@code sourceRegion} and writing region {@code targetRegion}.
     * Relays transactions that came to the source from other regions (rings, chains).
     */
    public static LoopControl regions(long sourceRegion, long targetRegion) {
        checkRegion("sourceRegion", sourceRegion);
        checkRegion("targetRegion", targetRegion);
        if (sourceRegion == targetRegion) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "sourceRegion and targetRegion must differ, both were " + sourceRegion);
        }
        return new LoopControl(sourceRegion, targetRegion, true);
    }

    /** Applies only transactions first written on the source region (meshes: every pair linked directly). */
    public LoopControl sourceOnly() {
        return new LoopControl(sourceRegion, targetRegion, false);
    }

    /** Applies transactions relayed through the source region too, except those from the target (default). */
    public LoopControl relayed() {
        return new LoopControl(sourceRegion, targetRegion, true);
    }

    public long sourceRegion() {
        return sourceRegion;
    }

    public long targetRegion() {
        return targetRegion;
    }

    /** Whether transactions that reached the source from a third region are applied. */
    public boolean relays() {
        return relay;
    }

    /**
     * Decides whether a transaction that started with a marker of {@code origin} is applied.
     * Transactions without a marker originate at the source region and are always applied.
     */
    public boolean applies(long origin) {
        return relay && origin != targetRegion && origin != sourceRegion;
    }

    /**
     * Creates the marker table {@code iso2db.marker} on {@code server} when missing (script
     * {@code create/V3__loop_marker.sql}). Run once on every server that receives changes with
     * loop control on. The user needs CREATE on {@code iso2db.*}.
     */
    public static void installMarkerTable(ConnectionSettings server) {
        try (Connection c = Jdbc.open(server, "server")) {
            SqlScript.run(c, "V3__loop_marker.sql", "iso2db", "iso2db");
        } catch (SQLException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Could not create the loop-control marker table"
                    + " iso2db.marker on " + server.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void checkRegion(String what, long id) {
        if (id < 1 || id > 0xFFFF_FFFFL) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, what + " must be 1..4294967295, was " + id);
        }
    }

    @Override
    public String toString() {
        return "loop control region " + sourceRegion + " -> " + targetRegion + (relay ? " (relays)" : " (source only)");
    }
}
