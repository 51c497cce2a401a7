package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import io.iso2db.internal.ddl.SessionVariables;

/**
 * A QUERY event with the settings of the session that wrote it (status variables the client
 * library skips, {@link SessionVariables}): how the statement's text reads depends on them
 * (ANSI_QUOTES, PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, ...), and what a DDL statement creates.
 */
public final class SessionQuery extends QueryEventData {

    private static final long serialVersionUID = 1L;

    private final transient SessionVariables variables;

    SessionQuery(QueryEventData q, SessionVariables variables) {
        setThreadId(q.getThreadId());
        setExecutionTime(q.getExecutionTime());
        setErrorCode(q.getErrorCode());
        setDatabase(q.getDatabase());
        setSql(q.getSql());
        this.variables = variables;
    }

    public SessionVariables variables() {
        return variables;
    }
}
