package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.QueryEventData;

/**
 * A QUERY event with the {@code sql_mode} of the session that wrote it (a status variable the
 * client library skips): how the statement's text reads depends on it (ANSI_QUOTES,
 * PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, ...).
 */
public final class SessionQuery extends QueryEventData {

    private static final long serialVersionUID = 1L;

    private final long sqlMode;

    SessionQuery(QueryEventData q, long sqlMode) {
        setThreadId(q.getThreadId());
        setExecutionTime(q.getExecutionTime());
        setErrorCode(q.getErrorCode());
        setDatabase(q.getDatabase());
        setSql(q.getSql());
        this.sqlMode = sqlMode;
    }

    /** The session's {@code sql_mode} as the server's bit set, or -1 when the event does not say. */
    public long sqlMode() {
        return sqlMode;
    }
}
