package io.iso2db.internal.apply;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.internal.jdbc.BinlogStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source transaction that was prepared with XA PREPARE is prepared on the target the same way,
 * and committed or rolled back there when the source's XA COMMIT or XA ROLLBACK arrives, so the
 * target never shows rows the source may still roll back. The target keeps a prepared XA
 * transaction when its connection goes (MariaDB 10.5+, MySQL 5.7.7+), so it survives restarts;
 * {@code XA RECOVER} tells whether a restart reads a transaction the target already prepared.
 */
final class TargetXa {

    private static final Pattern VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.(\\d+)");

    private final ApplySession session;
    private final RowWriter rows;
    private final String task;
    private Boolean supported;

    TargetXa(ApplySession session, RowWriter rows, String task) {
        this.session = session;
        this.rows = rows;
        this.task = task;
    }

    /** Whether the target holds its copy of the source's XA transaction {@code source} prepared. */
    boolean isPrepared(XaId source) {
        XaId id = source.onTargetFor(task);
        try (Statement st = session.connection().createStatement(); ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                byte[] data = rs.getBytes("data");
                int gtridLength = rs.getInt("gtrid_length");
                HexFormat hex = HexFormat.of();
                if (rs.getLong("formatID") == id.formatId() && data.length >= gtridLength
                        && hex.formatHex(data, 0, gtridLength).equals(id.gtrid())
                        && hex.formatHex(data, gtridLength, data.length).equals(id.bqual())) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw session.failure("listing the prepared XA transactions (XA RECOVER; MySQL needs XA_RECOVER_ADMIN)", e);
        }
    }

    /** Opens the XA transaction: sent at once, so reads of table definitions run inside it, not before. */
    void start(XaId source, String gtid) {
        requireSupport(gtid);
        XaId id = source.onTargetFor(task);
        session.commit("ending the read before XA START");
        rows.inOrder("XA START " + id.sql(), "starting XA transaction " + id);
        rows.send();
    }

    /** Ends and prepares the XA transaction, then lets its connection go (a prepared one can do nothing else). */
    void prepare(XaId source) {
        XaId id = source.onTargetFor(task);
        rows.inOrder("XA END " + id.sql(), "ending XA transaction " + id);
        rows.inOrder("XA PREPARE " + id.sql(), "preparing XA transaction " + id);
        rows.send();
        session.detach();
        rows.connectionLost();
    }

    /** Commits or rolls back {@code id} when the target holds it prepared (else it was done before a restart, or never applied). */
    void complete(XaId source, boolean commit) {
        if (!isPrepared(source)) {
            return;
        }
        XaId id = source.onTargetFor(task);
        String sql = (commit ? "XA COMMIT " : "XA ROLLBACK ") + id.sql();
        try {
            Connection c = session.connection();
            c.commit();
            c.setAutoCommit(true);   // XA COMMIT and XA ROLLBACK are refused inside a local transaction
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw session.failure("running " + sql.substring(0, sql.indexOf(' ', 3)) + " for XA transaction " + id, e);
        }
    }

    private void requireSupport(String gtid) {
        if (supported == null) {
            try {
                supported = keepsPreparedOnDisconnect(session.connection().getMetaData().getDatabaseProductVersion());
            } catch (SQLException e) {
                throw session.failure("reading the target's version", e);
            }
        }
        if (!supported) {
            throw new Iso2dbException(ErrorCode.UNSUPPORTED_EVENT, "The source's transaction " + gtid + " is a prepared"
                    + " XA transaction of replicated tables; iso2db holds such transactions prepared on the target until"
                    + " the source commits or rolls them back, which needs a target that keeps prepared XA transactions"
                    + " when their connection ends (MariaDB 10.5 or later, MySQL 5.7.7 or later). Upgrade the target,"
                    + " or commit such transactions on the source with XA COMMIT ... ONE PHASE.");
        }
    }

    /** Whether a server of {@code version} keeps a prepared XA transaction when its connection ends. */
    static boolean keepsPreparedOnDisconnect(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        if (BinlogStatus.isMariaDb(version)) {
            return major > 10 || major == 10 && minor >= 5;
        }
        return major > 5 || major == 5 && (minor > 7 || minor == 7 && patch >= 7);
    }
}
