/** What a task was configured with, as the builder validated it. */
package io.iso2db.internal.config;
