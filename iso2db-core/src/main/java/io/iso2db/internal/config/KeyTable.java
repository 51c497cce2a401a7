package io.iso2db.internal.config;

import java.util.List;

/** The README's table of configuration keys, generated from {@link ConfigKeys} (a test keeps README in step). */
public final class KeyTable {

    private KeyTable() {
    }

    /** The markdown table of every key of {@code iso.conf} and the task files. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| file / section | key | type | default | builder | what it does |\n");
        sb.append("|---|---|---|---|---|---|\n");
        rows(sb, ConfigKeys.SERVICE_KEYS);
        rows(sb, ConfigKeys.TASK_KEYS);
        return sb.toString();
    }

    private static void rows(StringBuilder sb, List<Key> keys) {
        for (Key k : keys) {
            sb.append("| ").append(k.section().label()).append(" | `").append(k.name()).append('`')
                    .append(k.isOriginal() ? "" : " (iso2db)").append(" | ").append(k.allowed())
                    .append(k.isSecret() ? ", secret" : "").append(" | ")
                    .append(k.defaultValue() == null || k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`")
                    .append(" | ").append(k.option().isEmpty() ? "" : "`" + k.option() + "`").append(" | ")
                    .append(k.doc()).append(" |\n");
        }
    }

    /** Prints the table (to paste into README when keys change; the test says when). */
    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
