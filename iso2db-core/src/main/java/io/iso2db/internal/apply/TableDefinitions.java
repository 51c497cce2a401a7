package io.iso2db.internal.apply;

import io.iso2db.event.TableId;
import io.iso2db.internal.schema.TableSchema;

/** The target definitions of routed source tables, as rows are decoded against them; cached until a DDL may change them. */
public interface TableDefinitions {

    /** The target definition of the (routed) source table. */
    TableSchema get(TableId table);

    /** Reads the target definition of the (routed) source table again. */
    TableSchema reload(TableId table);

    /** Drops the cached definition of a table a DDL statement may have changed. */
    void forget(TableId table);

    /** Drops every cached definition (a DDL statement that may have changed several tables). */
    void forgetAll();
}
