/** Small interfaces users implement or plug in: checkpoint stores, listeners, coordinators. */
package io.iso2db.spi;
