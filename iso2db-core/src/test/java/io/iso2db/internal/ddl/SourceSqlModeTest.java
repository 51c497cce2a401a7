package io.iso2db.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSqlModeTest {

    private static final long ANSI = 1 | 2 | 4 | 8 | (1L << 18);
    private static final long ANSI_QUOTES = 4;
    private static final long NO_BACKSLASH_ESCAPES = 1L << 20;

    @Test
    void namesInDoubleQuotesAreQuotedInBackticksAndStringsAndCommentsStayAsTheyAre() {
        assertThat(SourceSqlMode.backtickNames("CREATE TABLE \"a\"\"b\" (\"x`y\" INT DEFAULT 'it''s \"q\"' /* \"c\" */)"
                + " -- \"d\"\n COMMENT '\\'\"e\"'", ANSI_QUOTES))
                .isEqualTo("CREATE TABLE `a\"b` (`x``y` INT DEFAULT 'it''s \"q\"' /* \"c\" */) -- \"d\"\n COMMENT '\\'\"e\"'");
    }

    @Test
    void withoutBackslashEscapesABackslashEndsNoString() {
        assertThat(SourceSqlMode.backtickNames("ALTER TABLE \"t\" ADD s CHAR(2) DEFAULT 'a\\', ADD \"u\" INT",
                ANSI_QUOTES | NO_BACKSLASH_ESCAPES))
                .isEqualTo("ALTER TABLE `t` ADD s CHAR(2) DEFAULT 'a\\', ADD `u` INT");
    }

    @Test
    void withoutAnsiQuotesDoubleQuotesAreStringsAndNothingChanges() {
        String sql = "ALTER TABLE t ADD c CHAR(3) DEFAULT \"abc\"";
        assertThat(SourceSqlMode.backtickNames(sql, 0)).isSameAs(sql);
        assertThat(SourceSqlMode.backtickNames(sql, -1)).isSameAs(sql);
    }

    @Test
    void onlyTheModesThatChangeHowAStatementReadsAreCarried() {
        long strictAnsi = ANSI | (1L << 21) | NO_BACKSLASH_ESCAPES | (1L << 30) | (1L << 9);
        assertThat(SourceSqlMode.readingModes(strictAnsi))
                .isEqualTo("REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ORACLE,NO_BACKSLASH_ESCAPES");
        assertThat(SourceSqlMode.readingModes(-1)).isEmpty();
        assertThat(SourceSqlMode.readingModes(1L << 21)).isEmpty();
    }
}
