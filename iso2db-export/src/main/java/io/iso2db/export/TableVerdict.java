package io.iso2db.export;

import io.iso2db.event.TableId;
import java.util.List;

/**
 * What {@link Verifier} found for one table.
 *
 * @param source          the source table
 * @param target          the table it is compared with (its route on the target)
 * @param rows            rows checked on the source
 * @param chunks          key ranges compared (checksums computed inside each server)
 * @param differingChunks ranges whose checksums differed and were narrowed to rows
 * @param missingOnTarget rows on the source only
 * @param extraOnTarget   rows on the target only
 * @param different       rows on both with different values
 * @param differences     the first differing rows with both images (up to the verifier's {@code reportRows})
 * @param keyed           whether rows were matched by a unique key; without one rows compare as a
 *                        multiset and a changed row shows as one missing and one extra
 */
public record TableVerdict(TableId source, TableId target, long rows, int chunks, int differingChunks, long missingOnTarget,
                           long extraOnTarget, long different, List<RowDifference> differences, boolean keyed) {

    public TableVerdict {
        differences = List.copyOf(differences);
    }

    /** Whether source and target hold the same rows. */
    public boolean equal() {
        return missingOnTarget == 0 && extraOnTarget == 0 && different == 0;
    }
}
