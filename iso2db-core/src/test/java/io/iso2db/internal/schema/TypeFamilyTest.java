package io.iso2db.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeFamilyTest {

    @Test
    void widenedColumnsStillFit() {
        assertThat(TypeFamily.ofBinlog(3).fits(TypeFamily.ofTarget("bigint"))).isTrue();          // INT -> BIGINT
        assertThat(TypeFamily.ofBinlog(15).fits(TypeFamily.ofTarget("text"))).isTrue();           // VARCHAR -> TEXT
        assertThat(TypeFamily.ofBinlog(254).fits(TypeFamily.ofTarget("enum"))).isTrue();          // ENUM travels as STRING
        assertThat(TypeFamily.ofBinlog(8).fits(TypeFamily.ofTarget("decimal"))).isTrue();         // BIGINT -> DECIMAL
        assertThat(TypeFamily.ofBinlog(18).fits(TypeFamily.ofTarget("datetime"))).isTrue();       // DATETIME2
    }

    @Test
    void columnsOfAnotherKindDoNotFit() {
        assertThat(TypeFamily.ofBinlog(3).fits(TypeFamily.ofTarget("varchar"))).isFalse();
        assertThat(TypeFamily.ofBinlog(15).fits(TypeFamily.ofTarget("int"))).isFalse();
        assertThat(TypeFamily.ofBinlog(246).fits(TypeFamily.ofTarget("int"))).isFalse();          // narrowing DECIMAL -> INT
        assertThat(TypeFamily.ofBinlog(18).fits(TypeFamily.ofTarget("timestamp"))).isFalse();    // time zone semantics differ
        assertThat(TypeFamily.ofBinlog(10).fits(TypeFamily.ofTarget("datetime"))).isFalse();
    }

    @Test
    void unknownTypesAreNeverReported() {
        assertThat(TypeFamily.ofBinlog(3).fits(TypeFamily.ofTarget("inet4"))).isTrue();
        assertThat(TypeFamily.ofBinlog(200).fits(TypeFamily.ofTarget("int"))).isTrue();
    }
}
