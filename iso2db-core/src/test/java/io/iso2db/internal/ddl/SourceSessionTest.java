package io.iso2db.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSessionTest {


    private static final long EXPLICIT = 1L << 24;

    @Test
    void explicitTimestampDefaultsTravelFromMariaDbForStatementsThatNameTimestamp() {
        assertThat(SourceSession.of("CREATE TABLE t (a TIMESTAMP)", 0, 0, -1, -1, null, -1).explicitTimestampDefaults()).isZero();
        assertThat(SourceSession.of("alter table t add b timestamp(6)", 0, EXPLICIT, -1, -1, null, -1).explicitTimestampDefaults()).isOne();
    }

    @Test
    void otherStatementsAndOtherSourcesLeaveTheTargetsSettingAlone() {
        assertThat(SourceSession.of("CREATE TABLE t (a DATETIME DEFAULT CURRENT_TIMESTAMP)", 0, 0, -1, -1, null, -1)
                .explicitTimestampDefaults()).isEqualTo(-1);
        assertThat(SourceSession.of("CREATE TABLE t (a TIMESTAMP)", 0, -1, -1, -1, null, -1).explicitTimestampDefaults()).isEqualTo(-1);
    }

    @Test
    void ddlFromMariaDbRunsWithTheWholeModeAndTableDdlNeverSubstitutesAnEngine() {
        long strictTrans = 1L << 22;
        assertThat(SourceSession.of("ALTER TABLE t ADD c INT", strictTrans, 0, -1, -1, null, -1).sqlMode())
                .isEqualTo(strictTrans | 1L << 30);
        assertThat(SourceSession.of("CREATE PROCEDURE p() SELECT 1", strictTrans, 0, -1, -1, null, -1).sqlMode())
                .as("a routine keeps exactly the source's mode").isEqualTo(strictTrans);
        assertThat(SourceSession.of("ALTER TABLE t ADD c INT", strictTrans, -1, -1, -1, null, -1).sqlMode())
                .as("a MySQL source's bits differ").isEqualTo(-1);
    }

    @Test
    void aSchemaObjectCarriesTheCollationOfItsLiterals() {
        assertThat(SourceSession.of("CREATE VIEW v AS SELECT 'a'", 0, -1, 8, 46, null, -1).connectionCollation())
                .isEqualTo(46);
        assertThat(SourceSession.of("CREATE TABLE t (a INT)", 0, -1, 8, 46, null, -1).connectionCollation())
                .isEqualTo(-1);
    }

    @Test
    void onlyACreateDatabaseCarriesTheServerCollation() {
        assertThat(SourceSession.of("CREATE DATABASE d", 0, 0, 8, 46, null, -1).serverCollation()).isEqualTo(8);
        assertThat(SourceSession.of("/*!40000 CREATE SCHEMA IF NOT EXISTS d */", 0, -1, 8, 46, null, -1).serverCollation()).isEqualTo(8);
        assertThat(SourceSession.of("CREATE TABLE t (a INT)", 0, 0, 8, 46, null, -1).serverCollation()).isEqualTo(-1);
        assertThat(SourceSession.of("ALTER DATABASE d CHARACTER SET latin1", 0, 0, 8, 46, null, -1).serverCollation()).isEqualTo(-1);
    }
}
