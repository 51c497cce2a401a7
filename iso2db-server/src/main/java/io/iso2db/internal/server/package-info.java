/** The service's parts: task runners, reloads, metrics and health over HTTP. */
package io.iso2db.internal.server;
