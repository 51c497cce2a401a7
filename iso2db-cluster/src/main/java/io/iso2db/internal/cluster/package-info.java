/**
 * Coordinator plug-ins found by {@link java.util.ServiceLoader}: {@code zk_mode} (ZooKeeper through
 * Apache Curator).
 */
package io.iso2db.internal.cluster;
