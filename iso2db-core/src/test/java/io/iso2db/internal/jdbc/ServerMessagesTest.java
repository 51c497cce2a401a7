package io.iso2db.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMessagesTest {

    @Test
    void theColumnOfAValueWarningIsFoundInLowerCase() {
        assertThat(ServerMessages.column("Data truncated for column 'Code' at row 2")).contains("code");
        assertThat(ServerMessages.column("Out of range value for column 'n' at row 1")).contains("n");
    }

    @Test
    void aMessageWithoutAColumnNamesNone() {
        assertThat(ServerMessages.column("Lock wait timeout exceeded; try restarting transaction")).isEmpty();
        assertThat(ServerMessages.column(null)).isEmpty();
    }
}
