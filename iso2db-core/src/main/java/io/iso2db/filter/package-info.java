/** Which databases, tables and rows a task replicates. */
package io.iso2db.filter;
