/**
 * Coordinator plug-ins (ZooKeeper via Curator, leader_mode), found by ServiceLoader.
 */
package io.iso2db.cluster;
