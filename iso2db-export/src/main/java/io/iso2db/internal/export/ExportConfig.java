package io.iso2db.internal.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.export.ExportListener;
import io.iso2db.export.SnapshotMethod;
import io.iso2db.filter.Filter;
import java.util.Set;

/**
 * Everything an export was built with; validated by the builder, immutable.
 *
 * @param targetBinlog whether the copy is written to the target's binlog
 * @param listener     progress listener, or null
 */
public record ExportConfig(ConnectionSettings source, ConnectionSettings target, Set<String> databases, Filter filter,
                           int threads, int chunkRows, SnapshotMethod snapshot, boolean targetBinlog,
                           ExportListener listener) {
}
