/**
 * The public API of iso2db: Replicator, positions, errors.
 */
package io.iso2db;
