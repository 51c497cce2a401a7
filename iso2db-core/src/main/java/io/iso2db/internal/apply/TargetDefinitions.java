package io.iso2db.internal.apply;

import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.internal.route.Routes;
import io.iso2db.internal.schema.SchemaCache;
import io.iso2db.internal.schema.TableSchema;
import java.sql.SQLException;

/** The target definitions of routed source tables, read on the apply session and cached until a DDL may change them. */
final class TargetDefinitions implements TableDefinitions {

    private final SchemaCache schemas = new SchemaCache();
    private final Routes routes;
    private final ApplySession session;

    TargetDefinitions(Routes routes, ApplySession session) {
        this.routes = routes;
        this.session = session;
    }

    @Override
    public TableSchema get(TableId source) {
        try {
            return schemas.get(routes.target(source), session::connection);
        } catch (SQLException e) {
            throw session.failure("reading the definition of " + source, e);
        }
    }

    @Override
    public TableSchema reload(TableId source) {
        forget(source);
        return get(source);
    }

    @Override
    public void forget(TableId source) {
        schemas.invalidate(routes.target(source));
    }

    @Override
    public void forgetAll() {
        schemas.invalidateAll();
    }

    /** The source's DDL statement as it runs on the target. */
    DdlChange routed(DdlChange sourceDdl) {
        return routes.ddl(sourceDdl);
    }
}
