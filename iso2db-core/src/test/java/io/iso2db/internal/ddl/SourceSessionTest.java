package io.iso2db.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSessionTest {


    private static final long EXPLICIT = 1L << 24;

    @Test
    void explicitTimestampDefaultsTravelFromMariaDbForStatementsThatNameTimestamp() {
        assertThat(session("CREATE TABLE t (a TIMESTAMP)", 0, 0, -1, -1).explicitTimestampDefaults()).isZero();
        assertThat(session("alter table t add b timestamp(6)", 0, EXPLICIT, -1, -1).explicitTimestampDefaults()).isOne();
    }

    @Test
    void otherStatementsAndOtherSourcesLeaveTheTargetsSettingAlone() {
        assertThat(session("CREATE TABLE t (a DATETIME DEFAULT CURRENT_TIMESTAMP)", 0, 0, -1, -1)
                .explicitTimestampDefaults()).isEqualTo(-1);
        assertThat(session("CREATE TABLE t (a TIMESTAMP)", 0, -1, -1, -1).explicitTimestampDefaults()).isEqualTo(-1);
    }

    @Test
    void ddlFromMariaDbRunsWithTheWholeModeAndTableDdlNeverSubstitutesAnEngine() {
        long strictTrans = 1L << 22;
        assertThat(session("ALTER TABLE t ADD c INT", strictTrans, 0, -1, -1).sqlMode())
                .isEqualTo(strictTrans | 1L << 30);
        assertThat(session("CREATE PROCEDURE p() SELECT 1", strictTrans, 0, -1, -1).sqlMode())
                .as("a routine keeps exactly the source's mode").isEqualTo(strictTrans);
        assertThat(session("ALTER TABLE t ADD c INT", strictTrans, -1, -1, -1).sqlMode())
                .as("a MySQL source's bits differ").isEqualTo(-1);
    }

    @Test
    void aSchemaObjectCarriesTheCollationOfItsLiterals() {
        assertThat(session("CREATE VIEW v AS SELECT 'a'", 0, -1, 8, 46).connectionCollation())
                .isEqualTo(46);
        assertThat(session("CREATE TABLE t (a INT)", 0, -1, 8, 46).connectionCollation())
                .isEqualTo(-1);
    }

    @Test
    void onlyACreateDatabaseCarriesTheServerCollation() {
        assertThat(session("CREATE DATABASE d", 0, 0, 8, 46).serverCollation()).isEqualTo(8);
        assertThat(session("/*!40000 CREATE SCHEMA IF NOT EXISTS d */", 0, -1, 8, 46).serverCollation()).isEqualTo(8);
        assertThat(session("CREATE TABLE t (a INT)", 0, 0, 8, 46).serverCollation()).isEqualTo(-1);
        assertThat(session("ALTER DATABASE d CHARACTER SET latin1", 0, 0, 8, 46).serverCollation()).isEqualTo(-1);
    }

    /** As a QUERY event says it; {@code flags2} -1 for a MySQL source (as the assembler reads it only from MariaDB). */
    private static SourceSession session(String sql, long sqlMode, long flags2, int serverCollation, int connectionCollation) {
        return SourceSession.of(sql, new SessionVariables(sqlMode, flags2, serverCollation, connectionCollation, null, -1, 1, 1),
                flags2 >= 0, -1);
    }

    @Test
    void theStartTimeAndTheAutoIncrementStepTravelForEveryStatement() {
        SourceSession s = SourceSession.of("ALTER TABLE t ADD c INT", new SessionVariables(0, 0, -1, -1, "+05:00", 123, 10, 3),
                true, 981_173_106);
        assertThat(s.startMicros()).isEqualTo(981_173_106_000_123L);
        assertThat(s.autoIncrementIncrement()).isEqualTo(10);
        assertThat(s.autoIncrementOffset()).isEqualTo(3);
        assertThat(s.timeZone()).isEqualTo("+05:00");
        assertThat(s.foreignKeyChecksOff()).isFalse();
        SourceSession dump = SourceSession.of("CREATE TABLE c (p INT REFERENCES p (id))",
                new SessionVariables(0, 1L << 26 | 1L << 27, -1, -1, null, -1, 1, 1), false, -1);
        assertThat(dump.foreignKeyChecksOff()).as("the same bit from MySQL").isTrue();
        assertThat(dump.uniqueChecksOff()).isTrue();
    }
}
