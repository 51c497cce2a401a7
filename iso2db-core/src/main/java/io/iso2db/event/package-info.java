/** Immutable descriptions of what was read from a source: tables, row changes, DDL, transactions. */
package io.iso2db.event;
