/** Loop control: the marker written at the top of applied transactions, and the reader's origin decisions. */
package io.iso2db.internal.loop;
