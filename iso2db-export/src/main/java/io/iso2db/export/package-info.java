/**
 * Consistent, parallel, index-ranged export of tables that hands its binlog position to a Replicator.
 */
package io.iso2db.export;
