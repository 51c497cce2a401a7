package io.iso2db.internal.preflight;

import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.event.TableId;
import io.iso2db.internal.apply.SessionModes;
import io.iso2db.internal.ddl.WrittenTables;
import io.iso2db.internal.config.ReplicatorConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Triggers on the target's replicated tables that would act on applied rows a second time: the
 * rows a source trigger wrote, and the values it set, arrive as rows already. A trigger that acts
 * only where {@code @iso2db_applying} is NULL (the form iso2db creates replicated triggers in)
 * stays inert for the applier; one that writes only tables outside replication (a local audit
 * log) is harmless.
 */
final class TargetTriggers {

    private static final Pattern SETS_NEW = Pattern.compile("\\bSET\\s+NEW\\s*\\.", Pattern.CASE_INSENSITIVE);

    private TargetTriggers() {
    }

    static void check(ReplicatorConfig cfg, Connection target) throws SQLException {
        Set<String> replicated = new HashSet<>();
        cfg.databases().forEach(d -> replicated.add(cfg.routes().targetDatabases(Set.of(d)).iterator().next()));
        List<String> doubling = new ArrayList<>();
        try (PreparedStatement ps = InDatabases.prepare(target, "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_SCHEMA,"
                + " EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS"
                + " WHERE EVENT_OBJECT_SCHEMA IN ({in}) ORDER BY 1, 2", replicated)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId table = new TableId(rs.getString(3), rs.getString(4));
                    String body = rs.getString(5);
                    if (isReplicatedTarget(cfg, table) && !body.contains(SessionModes.APPLYING)
                            && (SETS_NEW.matcher(body).find() || WrittenTables.mayChange(targetFilter(cfg), table.database(), body))) {
                        doubling.add(TableId.quote(rs.getString(1)) + "." + TableId.quote(rs.getString(2)) + " on " + table);
                    }
                }
            }
        }
        if (!doubling.isEmpty()) {
            throw new Iso2dbException(ErrorCode.TARGET_TRIGGERS, "Trigger(s) " + doubling + " on the target "
                    + cfg.target().describe() + " would act again on rows iso2db applies: what the source's triggers"
                    + " wrote and set arrives as rows already, so the target would hold their effects twice. Make each"
                    + " act only outside replication — its body wrapped as IF " + SessionModes.APPLYING
                    + " IS NULL THEN <body>; END IF (the form iso2db creates replicated triggers in; the applier sets"
                    + " that variable, the application does not) — or drop it, or exclude its table.");
        }
    }

    /** Whether a target table receives replicated rows (some replicated source table is routed to it). */
    private static boolean isReplicatedTarget(ReplicatorConfig cfg, TableId target) {
        for (String db : cfg.databases()) {
            TableId source = new TableId(db, target.table());
            if (cfg.routes().target(source).equals(target) && cfg.filter().includesTable(source)) {
                return true;
            }
        }
        return false;
    }

    /** The task's filter, as seen from the target's names (routes undone by trying each replicated database). */
    private static io.iso2db.filter.Filter targetFilter(ReplicatorConfig cfg) {
        return new io.iso2db.filter.Filter() {
            @Override
            public boolean includesTable(TableId t) {
                return isReplicatedTarget(cfg, t);
            }

            @Override
            public boolean includesDatabase(String database) {
                return cfg.databases().stream().anyMatch(d -> cfg.routes().targetDatabases(Set.of(d)).contains(database)
                        || d.toLowerCase(Locale.ROOT).equals(database.toLowerCase(Locale.ROOT)));
            }
        };
    }
}
