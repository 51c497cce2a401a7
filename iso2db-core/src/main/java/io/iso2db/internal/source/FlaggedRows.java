package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.event.EventData;

/**
 * A rows event whose session ran with foreign-key, unique or (MariaDB) CHECK constraint checks off:
 * the decoded rows and the event's flags, so the target applies them with the same checks off, as a
 * native replica does.
 *
 * @param rows  the rows as decoded (write, update or delete data)
 * @param flags the rows event's flags ({@link #NO_FOREIGN_KEY_CHECKS}, {@link #RELAXED_UNIQUE_CHECKS},
 *              {@link #NO_CHECK_CONSTRAINT_CHECKS})
 */
public record FlaggedRows(EventData rows, int flags) implements EventData {

    public static final int NO_FOREIGN_KEY_CHECKS = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS = 0x0004;
    /** MariaDB's: the session ran with {@code check_constraint_checks=0}. */
    public static final int NO_CHECK_CONSTRAINT_CHECKS = 0x0080;
    /** The flags this record carries; events with none of them set are passed on as they are. */
    static final int CHECK_FLAGS = NO_FOREIGN_KEY_CHECKS | RELAXED_UNIQUE_CHECKS | NO_CHECK_CONSTRAINT_CHECKS;

    /** The flags of an event that is not a {@code FlaggedRows}: none set. */
    public static int of(EventData data) {
        return data instanceof FlaggedRows f ? f.flags : 0;
    }

    /** The rows data itself. */
    public static EventData unwrap(EventData data) {
        return data instanceof FlaggedRows f ? f.rows : data;
    }
}
