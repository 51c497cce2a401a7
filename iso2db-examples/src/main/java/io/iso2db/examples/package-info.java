/**
 * Small runnable programs, one story each.
 */
package io.iso2db.examples;
