package io.iso2db.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSessionTest {

    private static final long EXPLICIT = 1L << 24;

    @Test
    void explicitTimestampDefaultsTravelFromMariaDbForStatementsThatNameTimestamp() {
        assertThat(SourceSession.of("CREATE TABLE t (a TIMESTAMP)", 0, 0).explicitTimestampDefaults()).isZero();
        assertThat(SourceSession.of("alter table t add b timestamp(6)", 0, EXPLICIT).explicitTimestampDefaults()).isOne();
    }

    @Test
    void otherStatementsAndOtherSourcesLeaveTheTargetsSettingAlone() {
        assertThat(SourceSession.of("CREATE TABLE t (a DATETIME DEFAULT CURRENT_TIMESTAMP)", 0, 0)
                .explicitTimestampDefaults()).isEqualTo(-1);
        assertThat(SourceSession.of("CREATE TABLE t (a TIMESTAMP)", 0, -1).explicitTimestampDefaults()).isEqualTo(-1);
    }
}
