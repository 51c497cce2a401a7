package io.iso2db.internal.ddl;

import java.util.regex.Pattern;

/**
 * The settings of the source session that wrote a DDL statement which decide what the statement
 * creates or how it converts rows. The target runs the statement with them, as a native replica
 * does (it takes them from the QUERY event):
 * <ul>
 *   <li>from a MariaDB source, the session's whole {@code sql_mode} (its bits): an ALTER converts
 *       rows as the source's did ({@code NO_AUTO_VALUE_ON_ZERO}, {@code TIME_ROUND_FRACTIONAL},
 *       strictness), and routines, triggers and events keep it and run with it. Table DDL gets
 *       {@code NO_ENGINE_SUBSTITUTION} on top: a target without the source's engine stops the task
 *       instead of creating the table in another engine. From a MySQL source (other bits), only
 *       the parts that decide how the statement reads ({@link SourceSqlMode});</li>
 *   <li>from a MariaDB source and for a statement that names TIMESTAMP, {@code
 *       explicit_defaults_for_timestamp} (carried only there, so other DDL never depends on a
 *       target that cannot change it);</li>
 *   <li>for a CREATE DATABASE, {@code collation_server} (the new database's default when the
 *       statement names none); for a schema object, {@code collation_connection} (the collation its
 *       literals compare in, which views and routines keep);</li>
 *   <li>the session's {@code time_zone} when the statement used it (a TIMESTAMP literal in a
 *       default, an event's schedule);</li>
 *   <li>the statement's start time: a column added with a {@code CURRENT_TIMESTAMP} default fills
 *       the existing rows with the source's time, not the later one it runs at on the target;</li>
 *   <li>{@code auto_increment_increment} and {@code auto_increment_offset}: a column made
 *       AUTO_INCREMENT numbers the existing rows with them (regions that write to each other set them);</li>
 *   <li>{@code foreign_key_checks=0} and {@code unique_checks=0} (option bits, the same on MySQL and
 *       MariaDB): a dump file creates a table referring to one it creates later.</li>
 * </ul>
 *
 * @param readingModes              {@code sql_mode} names, comma-separated ("" for none)
 * @param explicitTimestampDefaults 1 or 0, or -1 when the event does not say
 * @param sqlMode                   the whole {@code sql_mode} (MariaDB's bits) to run with, else -1
 * @param serverCollation           {@code collation_server}'s id for a CREATE DATABASE, else -1
 * @param connectionCollation       {@code collation_connection}'s id for a schema object, else -1
 * @param timeZone                  the session's {@code time_zone} when the statement used it, else null
 * @param startMicros               the statement's start on the source in microseconds since the epoch, else -1
 * @param autoIncrementIncrement    {@code auto_increment_increment}, or -1 when not known
 * @param autoIncrementOffset       {@code auto_increment_offset}, or -1 when not known
 * @param foreignKeyChecksOff       the session ran with {@code foreign_key_checks=0}
 * @param uniqueChecksOff           the session ran with {@code unique_checks=0}
 */
public record SourceSession(String readingModes, int explicitTimestampDefaults, long sqlMode, int serverCollation,
                            int connectionCollation, String timeZone, long startMicros, int autoIncrementIncrement,
                            int autoIncrementOffset, boolean foreignKeyChecksOff, boolean uniqueChecksOff) {

    /** Nothing known: the target's own settings (a statement iso2db wrote itself). */
    public static final SourceSession NONE = new SourceSession("", -1, -1, -1, -1, null, -1, -1, -1, false, false);

    /** MariaDB's bit for {@code explicit_defaults_for_timestamp} in a QUERY event's {@code flags2}. */
    private static final long MARIADB_EXPLICIT_TIMESTAMP_DEFAULTS = 1L << 24;
    /** {@code flags2} bits of {@code foreign_key_checks=0} and {@code unique_checks=0}. */
    private static final long NO_FOREIGN_KEY_CHECKS = 1L << 26;
    private static final long RELAXED_UNIQUE_CHECKS = 1L << 27;

    private static final Pattern TIMESTAMP = Pattern.compile("\\bTIMESTAMP\\b", Pattern.CASE_INSENSITIVE);

    /**
     * @param sql          the statement
     * @param v            the session's variables from the QUERY event
     * @param fromMariaDb  whether the source is MariaDB (its {@code sql_mode} and {@code flags2} bits differ from MySQL's)
     * @param startSeconds the statement's start in seconds since the epoch (the event's timestamp), -1 when unknown
     */
    public static SourceSession of(String sql, SessionVariables v, boolean fromMariaDb, long startSeconds) {
        boolean timestamps = fromMariaDb && v.flags2() >= 0 && TIMESTAMP.matcher(sql).find();
        boolean schemaObject = DdlParser.isSchemaObject(sql);
        long whole = !fromMariaDb || v.sqlMode() < 0 ? -1
                : schemaObject ? v.sqlMode() : SourceSqlMode.refusingEngineSubstitution(v.sqlMode());
        return new SourceSession(SourceSqlMode.readingModes(v.sqlMode()),
                !timestamps ? -1 : (v.flags2() & MARIADB_EXPLICIT_TIMESTAMP_DEFAULTS) != 0 ? 1 : 0, whole,
                DdlParser.isCreateDatabase(sql) ? v.serverCollation() : -1,
                schemaObject ? v.connectionCollation() : -1, v.timeZone(),
                startSeconds < 0 ? -1 : startSeconds * 1_000_000 + Math.max(0, v.microseconds()),
                v.autoIncrementIncrement(), v.autoIncrementOffset(),
                v.flags2() > 0 && (v.flags2() & NO_FOREIGN_KEY_CHECKS) != 0,
                v.flags2() > 0 && (v.flags2() & RELAXED_UNIQUE_CHECKS) != 0);
    }
}
