package io.iso2db.internal.apply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of an XA transaction as the binlog writes it ({@code X'gtrid',X'bqual',formatID}).
 *
 * @param gtrid    global transaction id, hex
 * @param bqual    branch qualifier, hex
 * @param formatId format id
 */
public record XaId(String gtrid, String bqual, long formatId) {

    private static final Pattern LOGGED = Pattern.compile("X'([0-9A-Fa-f]*)'\\s*,\\s*X'([0-9A-Fa-f]*)'\\s*,\\s*(\\d+)");

    /** The id in an {@code XA START|END|COMMIT|ROLLBACK} statement of the binlog, if it has one. */
    public static Optional<XaId> in(String sql) {
        Matcher m = LOGGED.matcher(sql);
        return m.find() ? Optional.of(new XaId(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT),
                Long.parseLong(m.group(3)))) : Optional.empty();
    }

    /**
     * The id this task gives the source's XA transaction on the target: the same global id, and a
     * branch qualifier derived from the task and the source's qualifier, so two tasks (or the
     * target's own applications) never share one.
     */
    XaId onTargetFor(String task) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((task + "\u0000" + bqual + "\u0000" + formatId).getBytes(StandardCharsets.UTF_8));
            return new XaId(gtrid, HexFormat.of().formatHex(hash), formatId);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The id as XA statements take it. */
    String sql() {
        return "X'" + gtrid + "',X'" + bqual + "'," + formatId;
    }

    /** The global id as text, for messages. */
    @Override
    public String toString() {
        return new String(HexFormat.of().parseHex(gtrid), StandardCharsets.UTF_8);
    }
}
