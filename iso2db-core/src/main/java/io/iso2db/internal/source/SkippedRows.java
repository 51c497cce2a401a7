package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventData;

/** Stands for a rows event of a filtered table, whose rows were never decoded. */
public final class SkippedRows implements EventData {

    static final SkippedRows INSTANCE = new SkippedRows();

    private SkippedRows() {
    }

    @Override
    public String toString() {
        return "SkippedRows";
    }
}
