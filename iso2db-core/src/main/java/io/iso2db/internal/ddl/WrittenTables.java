package io.iso2db.internal.ddl;

import io.iso2db.event.TableId;
import io.iso2db.filter.Filter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which replicated tables an SQL statement (or a trigger's body) may write, told from its text. */
public final class WrittenTables {

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    /** A table named after a keyword that introduces one (INTO t, INTO TABLE t, UPDATE t, FROM t, JOIN t, TABLE t). */
    private static final Pattern TABLE_AFTER_KEYWORD = Pattern.compile(
            "\\b(?:INTO(?:\\s+TABLE)?|UPDATE|FROM|JOIN|TABLE)\\s+(?:(?:LOW_PRIORITY|HIGH_PRIORITY|DELAYED|IGNORE|QUICK)\\s+)*"
                    + IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?",
            Pattern.CASE_INSENSITIVE);
    /** Any qualified name {@code db.t} anywhere in the statement (multi-table statements). */
    private static final Pattern QUALIFIED = Pattern.compile(IDENT + "\\s*\\.\\s*" + IDENT);

    private WrittenTables() {
    }

    /**
     * Whether a statement may change a replicated table: it names one (in its default database
     * {@code database} or qualified), or names none that can be told and runs in a replicated database.
     */
    public static boolean mayChange(Filter filter, String database, String sql) {
        String db = database == null ? "" : database;
        boolean named = false;
        Matcher m = TABLE_AFTER_KEYWORD.matcher(sql);
        while (m.find()) {
            named = true;
            TableId t = m.group(2) == null ? new TableId(db, DdlParser.unquote(m.group(1)))
                    : new TableId(DdlParser.unquote(m.group(1)), DdlParser.unquote(m.group(2)));
            if (!t.database().isEmpty() && filter.includesTable(t)) {
                return true;
            }
        }
        m = QUALIFIED.matcher(sql);
        while (m.find()) {
            if (filter.includesTable(new TableId(DdlParser.unquote(m.group(1)), DdlParser.unquote(m.group(2))))) {
                return true;
            }
        }
        return !named && !db.isEmpty() && filter.includesDatabase(db);
    }

}
