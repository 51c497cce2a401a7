package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.QueryEventData;

/**
 * A QUERY event with the {@code sql_mode}, option bits, collations, time zone and start time of the
 * session that wrote it (status variables the client library skips): how the statement's text reads depends on
 * them (ANSI_QUOTES, PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, ...), and what a DDL statement creates.
 */
public final class SessionQuery extends QueryEventData {

    private static final long serialVersionUID = 1L;

    private final long sqlMode;
    private final long flags2;
    private final int serverCollation;
    private final int connectionCollation;
    private final String timeZone;
    private final int microseconds;

    SessionQuery(QueryEventData q, long sqlMode, long flags2, int serverCollation, int connectionCollation,
                 String timeZone, int microseconds) {
        setThreadId(q.getThreadId());
        setExecutionTime(q.getExecutionTime());
        setErrorCode(q.getErrorCode());
        setDatabase(q.getDatabase());
        setSql(q.getSql());
        this.sqlMode = sqlMode;
        this.flags2 = flags2;
        this.serverCollation = serverCollation;
        this.connectionCollation = connectionCollation;
        this.timeZone = timeZone;
        this.microseconds = microseconds;
    }

    /** The session's {@code sql_mode} as the server's bit set, or -1 when the event does not say. */
    public long sqlMode() {
        return sqlMode;
    }

    /** The session's option bits written with the statement ({@code flags2}), or -1 when the event does not say. */
    public long flags2() {
        return flags2;
    }

    /** The session's {@code collation_server} (what a new database gets by default) as its id, or -1 when the event does not say. */
    public int serverCollation() {
        return serverCollation;
    }

    /** The session's {@code collation_connection} (its literals' collation) as its id, or -1 when the event does not say. */
    public int connectionCollation() {
        return connectionCollation;
    }

    /** The session's {@code time_zone}, written when the statement used it, else null. */
    public String timeZone() {
        return timeZone;
    }

    /** The microseconds of the statement's start (its seconds are the event's timestamp), or -1 when the event does not say. */
    public int microseconds() {
        return microseconds;
    }
}
