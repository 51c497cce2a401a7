/** Recognising the DDL statements iso2db replays, and rewriting them for the target. */
package io.iso2db.internal.ddl;
