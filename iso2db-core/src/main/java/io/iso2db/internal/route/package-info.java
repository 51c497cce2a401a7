/** Routing: source databases and tables applied under other names on the target. */
package io.iso2db.internal.route;
