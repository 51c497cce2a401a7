/**
 * Implementation of iso2db. No compatibility guarantees: anything here may change in any release.
 */
package io.iso2db.internal;
