package io.iso2db.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script written with Debezium's conventions into statements: a statement ends with
 * {@code ;} at the end of a line, {@code --} starts a comment (outside quotes), and inside a
 * routine body {@code $$} stands for the inner {@code ;}.
 */
final class SqlScriptSplitter {

    private SqlScriptSplitter() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String code = stripComment(line);
            if (code.isBlank()) {
                continue;
            }
            current.append(code).append('\n');
            if (code.stripTrailing().endsWith(";")) {
                String s = current.toString().strip();
                s = s.substring(0, s.length() - 1).replace("$$", ";").strip();
                while (s.endsWith(";")) {
                    s = s.substring(0, s.length() - 1).strip();
                }
                if (!s.isEmpty()) {
                    statements.add(s);
                }
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '-' && line.startsWith("--", i)
                    && (i + 2 == line.length() || Character.isWhitespace(line.charAt(i + 2)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
