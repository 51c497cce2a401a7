package io.iso2db.event;

/**
 * A DDL statement read from the source.
 *
 * @param database the default database the statement ran in (may be empty)
 * @param sql      the statement as the source logged it (names in double quotes, from a session with
 *                 {@code ANSI_QUOTES}, quoted in backticks, which read the same in any mode)
 * @param table    the table it changes, or null for database-level statements
 */
public record DdlChange(String database, String sql, TableId table) {
}
