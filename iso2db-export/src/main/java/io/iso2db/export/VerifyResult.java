package io.iso2db.export;

import io.iso2db.Position;
import java.time.Duration;
import java.util.List;

/**
 * A finished verify.
 *
 * @param cut          the source's binlog position both sides were compared at
 * @param tables       per table, what was found
 * @param duration     wall time from the cut to the last comparison
 * @param held         how long the running replicator was held at the cut, applying nothing (from
 *                     reaching it to the target snapshots being open; zero without a replicator)
 * @param consistent   whether both snapshots show the same moment: true with a replicator (the cut),
 *                     or without one when neither server took a write while the snapshots opened;
 *                     false means differences may be writes in flight, not errors (check again)
 * @param repairSql    statements that would make the target equal to the source, run in order on one
 *                     connection (the first sets the session's time zone); empty unless asked for,
 *                     never executed by the verifier
 */
public record VerifyResult(Position cut, List<TableVerdict> tables, Duration duration, Duration held, boolean consistent,
                           List<String> repairSql) {

    public VerifyResult {
        tables = List.copyOf(tables);
        repairSql = List.copyOf(repairSql);
    }

    /** Whether every table holds the same rows on both sides. */
    public boolean equal() {
        return tables.stream().allMatch(TableVerdict::equal);
    }

    /** Rows checked, all tables. */
    public long rows() {
        return tables.stream().mapToLong(TableVerdict::rows).sum();
    }

    /** A few lines for a person: per table rows, chunks and differences, then the first differing rows. */
    public String report() {
        StringBuilder b = new StringBuilder(String.format("Verify at %s: %s, %,d rows in %d tables, %d ms (replicator held %d ms)%s%n",
                cut, equal() ? "EQUAL" : "DIFFERENT", rows(), tables.size(), duration.toMillis(), held.toMillis(),
                consistent ? "" : "; WRITES WHILE THE SNAPSHOTS OPENED: differences may be in flight, check again"));
        for (TableVerdict t : tables) {
            b.append(String.format("  %s -> %s: %,d rows, %d chunks%s%n", t.source(), t.target(), t.rows(), t.chunks(),
                    t.equal() ? ", equal" : String.format(", %d missing on target, %d extra on target, %d different%s",
                            t.missingOnTarget(), t.extraOnTarget(), t.different(), t.keyed() ? "" : " (no unique key: rows compared as a multiset)")));
            t.differences().forEach(d -> b.append("    ").append(d).append('\n'));
        }
        return b.toString();
    }
}
