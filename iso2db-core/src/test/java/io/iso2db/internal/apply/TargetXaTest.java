package io.iso2db.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetXaTest {

    @Test
    void onlyServersThatKeepPreparedXaTransactionsAcrossDisconnectsQualify() {
        assertThat(TargetXa.keepsPreparedOnDisconnect("10.11.19-MariaDB-0+deb12u1-log")).isTrue();
        assertThat(TargetXa.keepsPreparedOnDisconnect("5.5.5-10.5.2-MariaDB")).isTrue();
        assertThat(TargetXa.keepsPreparedOnDisconnect("11.4.4-MariaDB")).isTrue();
        assertThat(TargetXa.keepsPreparedOnDisconnect("10.4.30-MariaDB")).isFalse();
        assertThat(TargetXa.keepsPreparedOnDisconnect("8.0.36")).isTrue();
        assertThat(TargetXa.keepsPreparedOnDisconnect("5.7.6-log")).isFalse();
        assertThat(TargetXa.keepsPreparedOnDisconnect("5.7.7")).isTrue();
        assertThat(TargetXa.keepsPreparedOnDisconnect(null)).isFalse();
    }

    @Test
    void theTargetIdKeepsTheGlobalIdAndGivesEachTaskItsOwnBranch() {
        XaId source = XaId.in("XA START X'7831',X'6271',7").orElseThrow();
        assertThat(source).isEqualTo(new XaId("7831", "6271", 7));
        assertThat(source.toString()).isEqualTo("x1");
        XaId a = source.onTargetFor("task-a");
        assertThat(a.gtrid()).isEqualTo("7831");
        assertThat(a.formatId()).isEqualTo(7);
        assertThat(a.bqual()).hasSize(64).isEqualTo(source.onTargetFor("task-a").bqual())
                .isNotEqualTo(source.onTargetFor("task-b").bqual());
        assertThat(a.sql()).isEqualTo("X'7831',X'" + a.bqual() + "',7");
    }
}
