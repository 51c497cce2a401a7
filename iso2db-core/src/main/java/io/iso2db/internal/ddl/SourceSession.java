package io.iso2db.internal.ddl;

import java.util.regex.Pattern;

/**
 * The settings of the source session that wrote a DDL statement which decide what the statement
 * creates: the {@code sql_mode} parts that decide how it reads ({@link SourceSqlMode}) and, from a
 * MariaDB source and for a statement that names TIMESTAMP, {@code explicit_defaults_for_timestamp}
 * (what a TIMESTAMP column without a default gets; carried only there, as MySQL does, so other DDL
 * never depends on a target that cannot change it). A routine, trigger, event or view from a MariaDB
 * source is created with the source session's whole {@code sql_mode}: routines, triggers and events
 * keep it and run with it. A CREATE DATABASE gets the session's {@code collation_server} (what the new
 * database's default is when the statement names none); a schema object its {@code collation_connection}
 * (the collation its literals compare in, which views and routines keep); any DDL the session's {@code time_zone} when
 * the statement used it (a TIMESTAMP literal in a default, an event's schedule). The target runs the statement with them, as a
 * native replica does.
 *
 * @param readingModes             {@code sql_mode} names, comma-separated ("" for none)
 * @param explicitTimestampDefaults 1 or 0, or -1 when the event does not say
 * @param objectSqlMode            the whole {@code sql_mode} (MariaDB's bits) for a schema object, else -1
 * @param serverCollation          {@code collation_server}'s id for a CREATE DATABASE, else -1
 * @param connectionCollation      {@code collation_connection}'s id for a schema object, else -1
 * @param timeZone                 the session's {@code time_zone} when the statement used it, else null
 */
public record SourceSession(String readingModes, int explicitTimestampDefaults, long objectSqlMode, int serverCollation,
                            int connectionCollation, String timeZone) {

    /** Nothing known: the target's own settings (a statement iso2db wrote itself). */
    public static final SourceSession NONE = new SourceSession("", -1, -1, -1, -1, null);

    /** MariaDB's bit for {@code explicit_defaults_for_timestamp} in a QUERY event's {@code flags2}. */
    private static final long MARIADB_EXPLICIT_TIMESTAMP_DEFAULTS = 1L << 24;

    private static final Pattern TIMESTAMP = Pattern.compile("\\bTIMESTAMP\\b", Pattern.CASE_INSENSITIVE);

    /**
     * @param sql             the statement
     * @param sqlMode         the session's {@code sql_mode} bits, -1 when unknown
     * @param mariaDbFlags2   the QUERY event's {@code flags2} when the source is MariaDB, else -1
     * @param serverCollation     the session's {@code collation_server} id, -1 when unknown
     * @param connectionCollation the session's {@code collation_connection} id, -1 when unknown
     * @param timeZone            the session's {@code time_zone} when the event carries it, else null
     */
    public static SourceSession of(String sql, long sqlMode, long mariaDbFlags2, int serverCollation,
                                   int connectionCollation, String timeZone) {
        boolean timestamps = mariaDbFlags2 >= 0 && TIMESTAMP.matcher(sql).find();
        boolean schemaObject = DdlParser.isSchemaObject(sql);
        boolean object = mariaDbFlags2 >= 0 && sqlMode >= 0 && schemaObject;
        return new SourceSession(SourceSqlMode.readingModes(sqlMode),
                !timestamps ? -1 : (mariaDbFlags2 & MARIADB_EXPLICIT_TIMESTAMP_DEFAULTS) != 0 ? 1 : 0,
                object ? sqlMode : -1, DdlParser.isCreateDatabase(sql) ? serverCollation : -1,
                schemaObject ? connectionCollation : -1, timeZone);
    }
}
