/** The {@code iso2db} command: the service that runs the original tool's {@code iso.conf} and task files. */
package io.iso2db.server;
