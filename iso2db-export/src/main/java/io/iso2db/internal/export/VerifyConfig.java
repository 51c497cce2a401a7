package io.iso2db.internal.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.Replicator;
import io.iso2db.export.VerifyListener;
import io.iso2db.filter.Filter;
import io.iso2db.internal.route.Routes;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of one verify (see {@code VerifierBuilder} for each).
 *
 * @param replicator the running task to hold for the cut, or null
 * @param maxLag     lag above which the verify waits between chunks, or null
 * @param listener   progress listener, or null
 */
public record VerifyConfig(ConnectionSettings source, ConnectionSettings target, Set<String> databases, Filter filter,
                           Routes routes, Replicator replicator, int threads, int chunkRows, int reportRows,
                           long rowsPerSecond, Duration maxLag, Duration cutTimeout, boolean repairSql,
                           VerifyListener listener) {
}
