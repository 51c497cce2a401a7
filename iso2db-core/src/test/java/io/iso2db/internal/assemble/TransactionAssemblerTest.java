package io.iso2db.internal.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.event.DdlChange;
import io.iso2db.event.TableId;
import io.iso2db.event.Transaction;
import io.iso2db.filter.Filters;
import io.iso2db.internal.apply.RowOp;
import io.iso2db.internal.apply.TableDefinitions;
import io.iso2db.internal.apply.TransactionSink;
import io.iso2db.internal.apply.XaId;
import io.iso2db.internal.schema.ColumnInfo;
import io.iso2db.internal.schema.TableSchema;
import io.iso2db.internal.source.GtidTracker;
import io.iso2db.internal.source.MariaGtid;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The assembler's contract with what applies its work, driven by binlog events built here (no server). */
class TransactionAssemblerTest {

    /** Records what the assembler asks for; groups while {@code grouping} is on, as the applier does when behind. */
    private static final class RecordingSink implements TransactionSink {
        final List<String> calls = new ArrayList<>();
        boolean grouping;
        final Set<XaId> preparedOnTarget = new java.util.HashSet<>();
        private boolean open;
        private Position groupLast;

        @Override
        public TableDefinitions definitions() {
            return new TableDefinitions() {
                @Override
                public TableSchema get(TableId table) {
                    return new TableSchema(table, List.of(new ColumnInfo("id", "int", "int(11)", false, false),
                            new ColumnInfo("v", "int", "int(11)", false, false)), List.of(0), true);
                }

                @Override
                public TableSchema reload(TableId table) {
                    return get(table);
                }

                @Override
                public void forget(TableId table) {
                    calls.add("forget " + table);
                }

                @Override
                public void forgetAll() {
                    calls.add("forget all");
                }
            };
        }

        @Override
        public void tolerant(boolean on) {
        }

        @Override
        public void gtid(String gtid) {
        }

        @Override
        public void begin(String gtid, long origin) {
            open = true;
            calls.add("begin " + gtid);
        }

        @Override
        public boolean beginXa(String gtid, long origin, XaId xid) {
            calls.add("xa begin " + gtid + " " + xid);
            open = !preparedOnTarget.contains(xid);
            return open;
        }

        @Override
        public void prepareXa(XaId xid, Position after) {
            open = false;
            calls.add("xa prepare " + xid + " " + after.offset());
        }

        @Override
        public void completeXa(XaId xid, boolean commit, Position after) {
            calls.add("xa " + (commit ? "commit " : "rollback ") + xid + " " + after.offset());
        }

        @Override
        public void savepoint(String sql) {
            calls.add(sql);
        }

        @Override
        public void checks(int flags) {
        }

        @Override
        public void row(RowOp op) {
            calls.add(op.op() + " " + op.schema().id() + " " + java.util.Arrays.toString(op.after()));
        }

        @Override
        public boolean inTransaction() {
            return open;
        }

        @Override
        public boolean commit(Position position) {
            open = false;
            if (grouping) {
                groupLast = position;
                calls.add("grouped " + position.offset());
                return false;
            }
            calls.add("commit " + position.offset());
            return true;
        }

        @Override
        public void rollbackTransaction() {
            open = false;
            calls.add("rollback transaction");
        }

        @Override
        public void rollback() {
            open = false;
            calls.add("rollback");
        }

        @Override
        public boolean groupPending() {
            return groupLast != null;
        }

        @Override
        public boolean groupDue() {
            return false;
        }

        @Override
        public long groupOrigin() {
            return 0;
        }

        @Override
        public Position commitGroup() {
            Position p = groupLast;
            groupLast = null;
            calls.add("commit group " + p.offset());
            return p;
        }

        @Override
        public void createForRows(DdlChange ddl, io.iso2db.internal.ddl.SourceSession source) {
            calls.add("create " + ddl.table());
        }

        @Override
        public void ddl(DdlChange ddl, io.iso2db.internal.ddl.SourceSession source, Position after, long origin) {
            calls.add("ddl " + ddl.sql() + " " + after.offset());
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final List<Transaction> committed = new ArrayList<>();
    private final List<Position> processed = new ArrayList<>();
    private final TransactionAssembler assembler = new TransactionAssembler(
            Filters.databasesAndTables(Set.of("shop"), Set.of()), sink, new GtidTracker(true, null),
            Position.file("bin.000001", 4), false, Set.of(), null, new AssemblerEvents() {
                @Override
                public void committed(Transaction t) {
                    committed.add(t);
                }

                @Override
                public void ddlApplied(DdlChange ddl, Position after) {
                }

                @Override
                public void processed(Position position, boolean persisted) {
                    processed.add(position);
                }
            });
    private long offset = 4;
    private long sequence;

    @Test
    void aTransactionArrivesWholeWithThePositionAfterItsCommitEvent() {
        transaction("shop", "t", 1, 2);
        assertThat(sink.calls).containsExactly("begin 0-1-1", "INSERT shop.t [1, 10]", "INSERT shop.t [2, 20]",
                "commit " + offset);
        assertThat(committed).singleElement().satisfies(t -> {
            assertThat(t.gtid()).isEqualTo("0-1-1");
            assertThat(t.rows()).isEqualTo(2);
        });
        assertThat(processed).last().isEqualTo(Position.of("bin.000001", offset, "0-1-1"));
    }

    @Test
    void aTransactionOfAnotherDatabaseIsSkippedButItsPositionIsProcessed() {
        transaction("other", "t", 1);
        assertThat(sink.calls).isEmpty();
        assertThat(committed).isEmpty();
        assertThat(processed).last().extracting(Position::offset).isEqualTo(offset);
    }

    @Test
    void groupedTransactionsAreReportedOnlyOnceTheirGroupCommitsAndADdlCommitsTheGroupFirst() {
        sink.grouping = true;
        transaction("shop", "t", 1);
        transaction("shop", "t", 2);
        assertThat(committed).as("nothing is committed on the target yet").isEmpty();
        long groupEnd = offset;
        gtid(true);
        add(EventType.QUERY, query("shop", "ALTER TABLE t ADD COLUMN w INT"));
        assertThat(sink.calls).containsSubsequence("grouped " + groupEnd, "commit group " + groupEnd,
                "ddl ALTER TABLE t ADD COLUMN w INT " + offset);
        assertThat(committed).extracting(Transaction::gtid).containsExactly("0-1-1", "0-1-2");
    }

    @Test
    void aRolledBackTransactionIsAbandonedAndNothingIsReportedCommitted() {
        gtid(false);
        add(EventType.QUERY, query("shop", "BEGIN"));
        rows("shop", "t", 7);
        add(EventType.QUERY, query("shop", "ROLLBACK"));
        assertThat(sink.calls).containsExactly("begin 0-1-1", "INSERT shop.t [7, 70]", "rollback transaction");
        assertThat(committed).isEmpty();
    }

    @Test
    void aStatementLoggedChangeToAReplicatedTableStopsInsteadOfBeingSkipped() {
        gtid(false);
        add(EventType.QUERY, query("shop", "BEGIN"));
        assertThatThrownBy(() -> add(EventType.QUERY, query("shop", "UPDATE t SET v = v + 1")))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("0-1-1").hasMessageContaining("UPDATE t SET v = v + 1");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void aStatementItDoesNotRecogniseInAReplicatedDatabaseStopsInsteadOfBeingSkipped() {
        gtid(true);
        // a statement of a kind iso2db does not know (a later server version's, say) may change the schema
        assertThatThrownBy(() -> add(EventType.QUERY, query("shop", "CREATE WIDGET w FOR t")))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("0-1-1").hasMessageContaining("CREATE WIDGET w FOR t")
                .hasMessageContaining("does not recognise");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void accountsMaintenanceAndOtherDatabasesStatementsPassWithoutStopping() {
        for (String sql : List.of("GRANT SELECT ON shop.* TO 'app'@'%'", "CREATE USER 'app2'@'%' IDENTIFIED BY 'x'",
                "ANALYZE TABLE t", "OPTIMIZE TABLE t", "FLUSH TABLES", "DROP TEMPORARY TABLE IF EXISTS `tmp`",
                "CREATE OR REPLACE ROLE reader", "/* only a comment */")) {
            gtid(true);
            add(EventType.QUERY, query("shop", sql));
        }
        gtid(true);
        add(EventType.QUERY, query("other", "CREATE WIDGET w FOR t"));
        assertThat(sink.calls).isEmpty();
        assertThat(processed).last().extracting(Position::offset).isEqualTo(offset);
    }

    @Test
    void anEventOfAKindItDoesNotKnowStopsUnlessTheSourceMarkedItIgnorable() {
        transaction("shop", "t", 1);
        EventHeaderV4 ignorable = new EventHeaderV4();
        ignorable.setFlags(0x80);   // LOG_EVENT_IGNORABLE_F: a replica that does not know it may pass it over
        ignorable.setNextPosition(offset += 100);
        assembler.accept(new Event(ignorable, null));
        assertThat(processed).last().extracting(Position::offset).isEqualTo(offset);
        EventHeaderV4 unknown = new EventHeaderV4();   // a type number the binlog client has no name for
        unknown.setNextPosition(offset += 100);
        assertThatThrownBy(() -> assembler.accept(new Event(unknown, null)))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("does not know");
    }

    @Test
    void aCompressedMySqlTransactionOrAPartialJsonUpdateStopsNamingTheSetting() {
        // MySQL's binlog_transaction_compression / binlog_row_value_options (no MySQL server here: events built by hand)
        transaction("shop", "t", 1);
        assertThatThrownBy(() -> add(EventType.TRANSACTION_PAYLOAD, null))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("binlog_transaction_compression");
        assertThatThrownBy(() -> add(EventType.PARTIAL_UPDATE_ROWS_EVENT, null))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("binlog_row_value_options");
        assertThat(committed).hasSize(1);
    }

    @Test
    void beforeStoppingAtAnEventItCannotApplyTheWaitingGroupIsCommitted() {
        sink.grouping = true;
        transaction("shop", "t", 1);
        long groupEnd = offset;
        gtid(false);
        add(EventType.QUERY, query("shop", "BEGIN"));
        assertThatThrownBy(() -> add(EventType.QUERY, query("shop", "DELETE FROM t")))
                .isInstanceOf(Iso2dbException.class);
        assertThat(sink.calls).endsWith("grouped " + groupEnd, "commit group " + groupEnd);
        assertThat(committed).extracting(Transaction::gtid).containsExactly("0-1-1");
    }

    @Test
    void savepointsBeforeTheFirstRowAreReplayedOnceTheTargetTransactionOpens() {
        gtid(false);
        add(EventType.QUERY, query("shop", "BEGIN"));
        add(EventType.QUERY, query("shop", "SAVEPOINT a"));
        rows("shop", "t", 1);
        add(EventType.XID, new XidEventData());
        assertThat(sink.calls).containsExactly("begin 0-1-1", "SAVEPOINT a", "INSERT shop.t [1, 10]", "commit " + offset);
    }

    @Test
    void createTableSelectCreatesTheTableThenAppliesItsRowsInTheSameTransaction() {
        gtid(false);
        add(EventType.QUERY, query("shop", "CREATE TABLE `c` (`id` int(11) NOT NULL, `v` int(11))"));
        rows("shop", "c", 1, 2);
        add(EventType.XID, new XidEventData());
        assertThat(sink.calls).containsExactly("create shop.c", "begin 0-1-1", "INSERT shop.c [1, 10]",
                "INSERT shop.c [2, 20]", "commit " + offset);
    }

    @Test
    void otherDdlInsideATransactionStillStops() {
        gtid(false);
        assertThatThrownBy(() -> add(EventType.QUERY, query("shop", "ALTER TABLE t ADD COLUMN w INT")))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT));
    }

    @Test
    void aPreparedXaTransactionIsPreparedAloneOnTheTargetAndItsLaterCommitCompletesIt() {
        sink.grouping = true;
        transaction("shop", "t", 1);
        long groupEnd = offset;
        preparedXa("shop", "'x1'", 2);
        long prepared = offset;
        gtid(false);
        add(EventType.QUERY, query("shop", "XA COMMIT X'7831',X'',1"));
        assertThat(sink.calls).containsExactly("begin 0-1-1", "INSERT shop.t [1, 10]", "grouped " + groupEnd,
                "commit group " + groupEnd, "xa begin 0-1-2 x1", "INSERT shop.t [2, 20]", "xa prepare x1 " + prepared, "xa commit x1 " + offset);
        assertThat(processed).last().isEqualTo(Position.of("bin.000001", offset, "0-1-3"));
    }

    @Test
    void aPreparedXaTransactionTheTargetHoldsAlreadyIsReadWithoutApplyingItsRows() {
        sink.preparedOnTarget.add(XaId.in("X'7831',X'',1").orElseThrow());
        preparedXa("shop", "'x1'", 2, 3);
        gtid(false);
        add(EventType.QUERY, query("shop", "XA ROLLBACK X'7831',X'',1"));
        assertThat(sink.calls).containsExactly("xa begin 0-1-1 x1", "xa rollback x1 " + offset);
    }

    @Test
    void anXaTransactionTheSourceDidNotFlagAsPreparedStopsAtItsPrepare() {
        gtid(false);
        add(EventType.QUERY, query("shop", "XA START X'7831',X'',1"));
        rows("shop", "t", 1);
        add(EventType.QUERY, query("shop", "XA END X'7831',X'',1"));
        assertThatThrownBy(() -> add(EventType.XA_PREPARE, new XAPrepareEventData()))
                .isInstanceOfSatisfying(Iso2dbException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_EVENT))
                .hasMessageContaining("XA PREPARE");
    }

    private void preparedXa(String db, String xid, int... ids) {
        String hex = java.util.HexFormat.of().formatHex(xid.replace("'", "").getBytes());
        add(EventType.MARIADB_GTID, MariaGtid.preparing(0, ++sequence, 1, hex, ""));   // MariaDB logs no XA START
        rows(db, "t", ids);
        add(EventType.QUERY, query(db, "XA END X'" + hex + "',X'',1"));
        add(EventType.XA_PREPARE, new XAPrepareEventData());
    }

    private void transaction(String db, String table, int... ids) {
        gtid(false);
        add(EventType.QUERY, query(db, "BEGIN"));
        rows(db, table, ids);
        add(EventType.XID, new XidEventData());
    }

    private void gtid(boolean standalone) {
        MariadbGtidEventData g = new MariadbGtidEventData();
        g.setDomainId(0);
        g.setSequence(++sequence);
        g.setFlags(standalone ? MariadbGtidEventData.FL_STANDALONE : 0);
        add(EventType.MARIADB_GTID, g);
    }

    private void rows(String db, String table, int... ids) {
        TableMapEventData tm = new TableMapEventData();
        tm.setTableId(70);
        tm.setDatabase(db);
        tm.setTable(table);
        tm.setColumnTypes(new byte[] {3, 3});   // INT, INT
        tm.setColumnMetadata(new int[] {0, 0});
        tm.setColumnNullability(new BitSet());
        add(EventType.TABLE_MAP, tm);
        WriteRowsEventData w = new WriteRowsEventData();
        w.setTableId(70);
        BitSet all = new BitSet();
        all.set(0, 2);
        w.setIncludedColumns(all);
        List<Serializable[]> rows = new ArrayList<>();
        for (int id : ids) {
            rows.add(new Serializable[] {id, id * 10});
        }
        w.setRows(rows);
        add(EventType.EXT_WRITE_ROWS, w);
    }

    private static QueryEventData query(String db, String sql) {
        QueryEventData q = new QueryEventData();
        q.setDatabase(db);
        q.setSql(sql);
        q.setThreadId(5);
        return q;
    }

    private void add(EventType type, EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setServerId(1);
        h.setTimestamp(System.currentTimeMillis());
        offset += 100;
        h.setNextPosition(offset);
        assembler.accept(new Event(h, data));
    }
}
