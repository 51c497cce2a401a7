package io.iso2db.types;

/** The type matrix on MySQL 8.0; skipped (and reported so) without Docker. */
@org.junit.jupiter.api.condition.EnabledIf(value = "io.iso2db.testkit.MySqlContainerServer#dockerAvailable",
        disabledReason = "Docker is not available: MySQL 8.0 type matrix skipped")
class MySql80TypeMatrixIT extends MySqlTypeMatrixContract {

    @Override
    protected String version() {
        return "8.0";
    }
}
