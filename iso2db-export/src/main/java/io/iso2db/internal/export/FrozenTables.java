package io.iso2db.internal.export;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.preflight.NonTransactionalTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables kept outside transactions (MyISAM, Aria, MEMORY, ...). A consistent snapshot does not hold
 * them still: read later, an export would hold rows written after the snapshot's position (which
 * the replication from it applies again), a verify would see differences that are writes in
 * flight. So the source's writes to them are held ({@code LOCK TABLES ... READ} on a connection of
 * its own) from before the snapshot opens until their last chunk is done, and so is whatever else
 * writes them ({@link #alsoRelease}: a verify's replicator, for tables the target keeps so); they
 * are taken first. With {@code FLUSH TABLES WITH READ LOCK} they are locked while that lock is
 * held: locked before it, a writer waiting for them would hold the global lock off. Thread-safe.
 */
final class FrozenTables implements WriteHold, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenTables.class);
    private static final Set<Integer> ACCESS_DENIED = Set.of(1044, 1142, 1227);

    private final ConnectionSettings source;
    /** The held tables (source names): those below, and those the target keeps outside transactions. */
    private final Set<TableId> tables;
    /** The tables the source keeps outside transactions: locked there. */
    private final Set<TableId> locked;
    private final List<AutoCloseable> released = new ArrayList<>();
    private Connection lock;
    private long lockedNanos;
    private int expected = -1;
    private int done;

    private FrozenTables(ConnectionSettings source, Set<TableId> locked, Set<TableId> alsoHeld) {
        this.source = source;
        this.locked = locked;
        this.tables = new HashSet<>(locked);
        this.tables.addAll(alsoHeld);
    }

    /** The tables among {@code exported} the source keeps outside transactions (none: nothing is ever held). */
    static FrozenTables of(ConnectionSettings source, Connection catalog, List<ExportTable> exported) throws SQLException {
        return new FrozenTables(source, nonTransactional(catalog, exported.stream().map(ExportTable::id).toList()),
                Set.of());
    }

    /**
     * As {@link #of}, and also the tables the target keeps outside transactions: {@code targets}
     * maps each source table to its name on the target.
     */
    static FrozenTables of(ConnectionSettings source, Connection catalog, List<ExportTable> exported,
                           Connection target, Map<TableId, TableId> targets) throws SQLException {
        Set<TableId> onTarget = nonTransactional(target, targets.values());
        Set<TableId> alsoHeld = new HashSet<>();
        targets.forEach((s, t) -> {
            if (onTarget.contains(t)) {
                alsoHeld.add(s);
            }
        });
        return new FrozenTables(source, nonTransactional(catalog, exported.stream().map(ExportTable::id).toList()),
                alsoHeld);
    }

    private static Set<TableId> nonTransactional(Connection c, Collection<TableId> among) throws SQLException {
        Set<TableId> found = new HashSet<>(NonTransactionalTables.in(c,
                among.stream().map(TableId::database).distinct().toList()).keySet());
        found.retainAll(new HashSet<>(among));
        return found;
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Whether writes are held now (the tables are not all read yet). */
    synchronized boolean holding() {
        return lock != null || !released.isEmpty();
    }

    /** Closed (let go) together with the tables: until then it holds their writes too. */
    synchronized void alsoRelease(AutoCloseable other) {
        if (expected >= 0 && done >= expected) {
            closeQuietly(other);
        } else {
            released.add(other);
        }
    }

    /** Holds the tables' writes from now on (the snapshot opens next). */
    @Override
    public synchronized void hold() throws SQLException {
        if (locked.isEmpty() || lock != null) {
            return;
        }
        Connection c = Jdbc.open(source, "source");
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLES " + locked.stream().map(t -> t.quoted() + " READ").collect(Collectors.joining(", ")));
        } catch (SQLException e) {
            Jdbc.closeQuietly(c);
            if (ACCESS_DENIED.contains(e.getErrorCode())) {
                throw new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "Tables " + locked + " are not transactional on"
                        + " the source " + source.describe() + ": their writes are held while they are read"
                        + " (LOCK TABLES ... READ), and " + e.getMessage() + ". Grant LOCK TABLES on their databases,"
                        + " or convert them (ALTER TABLE ... ENGINE=InnoDB); nothing was dropped or written on the"
                        + " target.", e);
            }
            throw e;
        }
        lock = c;
        lockedNanos = System.nanoTime();
        LOG.info("Writes to {} (not transactional on the source) are held until they are read", locked);
    }

    @Override
    public void letGo() {
        close();
    }

    boolean contains(ExportTable table) {
        return tables.contains(table.id());
    }

    /** Every chunk of the held tables was handed out: {@code chunks} in all. */
    synchronized void allHandedOut(int chunks) {
        expected = chunks;
        releaseIfDone();
    }

    /** A chunk was copied (committed on the target) or compared. */
    synchronized void chunkDone(Chunk chunk) {
        if (tables.contains(chunk.table().id())) {
            done++;
            releaseIfDone();
        }
    }

    private void releaseIfDone() {
        if (expected >= 0 && done >= expected && holding()) {
            if (lock != null) {
                LOG.info("Writes to {} were held for {} ms while they were read", locked,
                        (System.nanoTime() - lockedNanos) / 1_000_000);
            }
            close();
        }
    }

    /** Lets go of the tables (also when the export fails). */
    @Override
    public synchronized void close() {
        if (lock != null) {
            try (Statement st = lock.createStatement()) {
                st.execute("UNLOCK TABLES");
            } catch (SQLException e) {
                LOG.debug("UNLOCK TABLES failed; closing the connection lets go as well", e);
            }
            Jdbc.closeQuietly(lock);
            lock = null;
        }
        released.forEach(FrozenTables::closeQuietly);
        released.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Letting go failed", e);
        }
    }
}
