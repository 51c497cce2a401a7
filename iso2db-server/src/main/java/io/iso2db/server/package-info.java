/**
 * The runnable service: classic iso.conf configuration, CLI, health and graceful shutdown.
 */
package io.iso2db.server;
