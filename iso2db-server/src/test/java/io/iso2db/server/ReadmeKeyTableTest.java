package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.internal.config.KeyTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeKeyTableTest {

    @Test
    void readmeListsEveryConfigurationKeyAsDeclared() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).as("README's key table is out of date: paste the output of"
                + " io.iso2db.internal.config.KeyTable.main").contains(KeyTable.markdown());
    }
}
