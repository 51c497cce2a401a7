package io.iso2db.internal.ddl;

/**
 * The settings of a source session that a QUERY event carries as status variables (the binlog
 * client reads none of them). Unknown values are -1 (null for the time zone).
 *
 * @param sqlMode                 {@code sql_mode} as the server's bits
 * @param flags2                  the session's option bits ({@code flags2})
 * @param serverCollation         {@code collation_server}'s id
 * @param connectionCollation     {@code collation_connection}'s id
 * @param timeZone                {@code time_zone}, written when the statement used it
 * @param microseconds            the microseconds of the statement's start (its seconds are the event's timestamp)
 * @param autoIncrementIncrement  {@code auto_increment_increment} (1 when the event does not say: the server writes it
 *                                only when it or the offset is not 1)
 * @param autoIncrementOffset     {@code auto_increment_offset} (1 likewise)
 */
public record SessionVariables(long sqlMode, long flags2, int serverCollation, int connectionCollation, String timeZone,
                               int microseconds, int autoIncrementIncrement, int autoIncrementOffset) {

    /** Nothing known. */
    public static final SessionVariables NONE = new SessionVariables(-1, -1, -1, -1, null, -1, 1, 1);
}
