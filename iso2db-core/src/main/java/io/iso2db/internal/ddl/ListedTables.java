package io.iso2db.internal.ddl;

import io.iso2db.event.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a statement that lists several names, of any databases, moves or drops: {@code DROP
 * TABLE|VIEW|SEQUENCE a, b}, {@code RENAME TABLE a TO b, c TO d}, {@code ALTER TABLE a ... RENAME TO b}.
 * Each entry (a dropped name, a rename's pair) is filtered by the table it drops or moves, and routed, on its own: a filter that keeps
 * one of them, a route that renames another, must not drop or move the wrong table. Immutable.
 */
public final class ListedTables {

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final int CI = Pattern.CASE_INSENSITIVE;
    private static final Pattern DROP = Pattern.compile(
            "^DROP\\s+(?:TEMPORARY\\s+)?(?:TABLES?|VIEW|SEQUENCE)\\s+(?:IF\\s+EXISTS\\s+)?", CI);
    private static final Pattern RENAME = Pattern.compile("^RENAME\\s+TABLES?\\s+(?:IF\\s+EXISTS\\s+)?", CI);
    private static final Pattern ALTER_RENAME = Pattern.compile("^ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+"
            + "(?:IF\\s+EXISTS\\s+)?(" + NAME + ")\\b.*?\\bRENAME\\s+(?:TO\\s+|AS\\s+)?(?!COLUMN\\b|INDEX\\b|KEY\\b)(" + NAME + ")",
            CI | Pattern.DOTALL);
    private static final Pattern ONE = Pattern.compile("\\G\\s*(" + NAME + ")");
    private static final Pattern PAIR = Pattern.compile("\\G\\s*(" + NAME + ")(?:\\s+(?:WAIT\\s+\\d+|NOWAIT))?\\s+TO\\s+("
            + NAME + ")", CI);
    private static final Pattern COMMA = Pattern.compile("\\G\\s*,");

    private record Name(TableId table, int start, int end) {
    }

    /** One dropped name, or a move's two names, with the text between them. */
    private record Entry(List<Name> names) {
        int start() {
            return names.get(0).start();
        }

        int end() {
            return names.get(names.size() - 1).end();
        }
    }

    private final String sql;
    private final List<Entry> entries;

    private ListedTables(String sql, List<Entry> entries) {
        this.sql = sql;
        this.entries = List.copyOf(entries);
    }

    /** The tables the statement drops or moves (the default database applied), or empty for any other statement. */
    public static Optional<ListedTables> of(String defaultDatabase, String sql) {
        String db = defaultDatabase == null ? "" : defaultDatabase;
        String body = DdlParser.body(sql);
        int offset = sql.length() - body.length();
        List<Entry> entries = new ArrayList<>();
        Matcher alter = ALTER_RENAME.matcher(body);
        Matcher drop = DROP.matcher(body);
        Matcher rename = RENAME.matcher(body);
        if (alter.find()) {
            entries.add(new Entry(List.of(name(db, alter, 1, offset), name(db, alter, 4, offset))));
        } else if (drop.find()) {
            entries = entries(body, ONE.matcher(body), drop.end(), db, offset);
        } else if (rename.find()) {
            entries = entries(body, PAIR.matcher(body), rename.end(), db, offset);
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(new ListedTables(sql, entries));
    }

    /** The comma-separated entries from {@code from}, each one or two names ({@code entry}'s groups 1 and 4). */
    private static List<Entry> entries(String body, Matcher entry, int from, String db, int offset) {
        List<Entry> entries = new ArrayList<>();
        Matcher comma = COMMA.matcher(body);
        int at = from;
        while (entry.find(at)) {
            entries.add(new Entry(entry.groupCount() > 3 ? List.of(name(db, entry, 1, offset), name(db, entry, 4, offset))
                    : List.of(name(db, entry, 1, offset))));
            if (!comma.find(entry.end())) {
                break;
            }
            at = comma.end();
        }
        return entries;
    }

    /** A name in groups {@code at} (whole), {@code at + 1} and {@code at + 2} (its two parts). */
    private static Name name(String db, Matcher m, int at, int offset) {
        TableId table = m.group(at + 2) == null ? new TableId(db, DdlParser.unquote(m.group(at + 1)))
                : new TableId(DdlParser.unquote(m.group(at + 1)), DdlParser.unquote(m.group(at + 2)));
        return new Name(table, offset + m.start(at), offset + m.end(at));
    }

    /** Every table named, in order (a move's source before its new name). */
    public List<TableId> tables() {
        return entries.stream().flatMap(e -> e.names().stream()).map(Name::table).toList();
    }

    /** The moves, as {from, to} pairs. */
    public List<TableId[]> moves() {
        return entries.stream().filter(e -> e.names().size() == 2)
                .map(e -> new TableId[] {e.names().get(0).table(), e.names().get(1).table()}).toList();
    }

    /**
     * The statement with only the entries whose table (the one dropped or moved) {@code kept} accepts;
     * null when none is left. A move into the kept tables from outside them is not kept here.
     */
    public String only(Predicate<TableId> kept) {
        List<String> texts = new ArrayList<>();
        for (Entry e : entries) {
            if (kept.test(e.names().get(0).table())) {
                texts.add(sql.substring(e.start(), e.end()));
            }
        }
        return texts.isEmpty() ? null : sql.substring(0, entries.get(0).start()) + String.join(", ", texts)
                + sql.substring(entries.get(entries.size() - 1).end());
    }

    /** The statement with each name that {@code target} maps to another table written as that one's quoted qualified name. */
    public String routed(UnaryOperator<TableId> target) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Entry e : entries) {
            for (Name n : e.names()) {
                TableId to = target.apply(n.table());
                out.append(sql, at, n.start()).append(to.equals(n.table()) ? sql.substring(n.start(), n.end()) : to.quoted());
                at = n.end();
            }
        }
        return out.append(sql.substring(at)).toString();
    }
}
