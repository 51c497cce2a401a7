package io.iso2db.internal.apply;

import io.iso2db.event.RowChange.Operation;
import io.iso2db.internal.schema.TableSchema;

/**
 * One decoded row change, ready to bind. Arrays hold values in table column order.
 *
 * @param schema the target table
 * @param op     insert, update or delete
 * @param before before image (update, delete)
 * @param after  after image (insert, update)
 */
public record RowOp(TableSchema schema, Operation op, Object[] before, Object[] after) {
}
