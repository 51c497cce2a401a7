package io.iso2db.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GtidTrackerTest {

    @Test
    void advancesOnlyAtCommitAndKeepsOneEntryPerDomain() {
        GtidTracker t = new GtidTracker(true, "0-1-10,1-2-5");
        t.pending("0-1-11");
        assertThat(t.current()).isEqualTo("0-1-10,1-2-5");
        t.commit();
        assertThat(t.current()).isEqualTo("0-1-11,1-2-5");
        t.pending("2-3-1");
        t.commit();
        assertThat(t.current()).isEqualTo("0-1-11,1-2-5,2-3-1");
    }

    @Test
    void mysqlSetsGrowIntervals() {
        GtidTracker t = new GtidTracker(false, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
        t.pending("3e11fa47-71ca-11e1-9e33-c80aa9429562:6");
        t.commit();
        assertThat(t.current()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-6");
    }

    @Test
    void emptyWhenNothingKnown() {
        assertThat(new GtidTracker(true, null).current()).isNull();
    }
}
