package io.iso2db.types;

/** The type matrix on MySQL 5.7; skipped (and reported so) without Docker. */
@org.junit.jupiter.api.condition.EnabledIf(value = "io.iso2db.testkit.MySqlContainerServer#dockerAvailable",
        disabledReason = "Docker is not available: MySQL 5.7 type matrix skipped")
class MySql57TypeMatrixIT extends MySqlTypeMatrixContract {

    @Override
    protected String version() {
        return "5.7";
    }
}
