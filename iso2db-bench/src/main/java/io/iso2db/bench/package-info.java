/**
 * End-to-end benchmarks against native replication and other tools.
 */
package io.iso2db.bench;
