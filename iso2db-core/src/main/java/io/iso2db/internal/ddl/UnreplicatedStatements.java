package io.iso2db.internal.ddl;

import java.util.regex.Pattern;

/**
 * Statements a source logs that iso2db leaves out by design, beside the DDL it replicates: accounts
 * and privileges, server objects, table maintenance, plugins, temporary tables, transaction
 * bookkeeping, comments. Any other statement it does not recognise may change what it replicates.
 */
public final class UnreplicatedStatements {

    private static final Pattern BY_DESIGN = Pattern.compile("^(?:GRANT|REVOKE|SET|FLUSH|ANALYZE|OPTIMIZE|REPAIR"
            + "|CHECK|CHECKSUM|INSTALL|UNINSTALL|BINLOG|XA|SAVEPOINT|RELEASE|COMMIT|ROLLBACK|BEGIN|START\\s+TRANSACTION|DO"
            + "|(?:CREATE(?:\\s+OR\\s+REPLACE)?|ALTER|DROP|RENAME)\\s+(?:USER|ROLE|SERVER|TEMPORARY|TABLESPACE|UNDO|LOGFILE"
            + "|RESOURCE\\s+GROUP|INSTANCE|SPATIAL\\s+REFERENCE))\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROW_CHANGE = Pattern.compile("^(?:INSERT|UPDATE|DELETE|REPLACE|LOAD)\\b",
            Pattern.CASE_INSENSITIVE);

    private UnreplicatedStatements() {
    }

    /** True for a statement of a kind iso2db does not replicate (or only a comment). */
    public static boolean byDesign(String sql) {
        String body = DdlParser.body(sql);
        return body.isBlank() || BY_DESIGN.matcher(body).find();
    }

    /** True for INSERT, UPDATE, DELETE, REPLACE or LOAD DATA: a row change logged as a statement. */
    public static boolean rowChange(String sql) {
        return ROW_CHANGE.matcher(DdlParser.body(sql)).find();
    }
}
