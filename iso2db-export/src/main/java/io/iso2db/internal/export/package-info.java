/** Export internals: table catalog and chunk keys, snapshot, chunking, copy workers. */
package io.iso2db.internal.export;
