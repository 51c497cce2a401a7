package io.iso2db.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.Servers;
import io.iso2db.Position;
import io.iso2db.Replicator;
import io.iso2db.testkit.DbServer;
import io.iso2db.testkit.MariaDbExtension;
import io.iso2db.testkit.DefinitionComparator;
import io.iso2db.testkit.TableComparator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debezium's MySQL/MariaDB DDL and data scripts (shared/peer-suites/debezium-ddl): each file runs
 * on a fresh source database, everything the source accepts is replicated, and every table of every
 * database the file touched must arrive identical on the target.
 */
class PeerSuiteIT {

    private static final String IDENT = "(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)";
    /** Every database a file names: created, used, or qualifying a name (any characters a quoted name may hold). */
    private static final Pattern DATABASE = Pattern.compile(
            "(?:CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?|\\bUSE\\s+)" + IDENT,
            Pattern.CASE_INSENSITIVE);

    @RegisterExtension
    static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
    @RegisterExtension
    static final MariaDbExtension TARGET = MariaDbExtension.withServerId(2);

    static Path suite() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/peer-suites/debezium-ddl");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Stream<String> files() throws IOException {
        Path dir = suite();
        if (dir == null) {
            return Stream.of("(shared/peer-suites not found)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyTableArrivesIdentical(String file) throws Exception {
        Path dir = suite();
        Assumptions.assumeTrue(dir != null, "shared/peer-suites/debezium-ddl is not beside this checkout");
        String script = Files.readString(dir.resolve(file));
        List<String> statements = SqlScriptSplitter.split(script);
        DbServer src = SOURCE.server();
        DbServer dst = TARGET.server();
        String db = src.newDatabase("peer_" + file.replace(".sql", ""));
        dst.execute("CREATE DATABASE `" + db + "`");
        Set<String> databases = new LinkedHashSet<>(List.of(db));
        Matcher m = DATABASE.matcher(script);
        while (m.find()) {
            String name = m.group(1);
            databases.add(name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name);
        }
        for (String other : databases) {
            if (!other.equals(db)) {
                src.execute("DROP DATABASE IF EXISTS `" + other + "`");
                dst.execute("DROP DATABASE IF EXISTS `" + other + "`");
            }
        }
        var status = src.query("SHOW MASTER STATUS").get(0);
        Position start = Position.file(status.get(0), Long.parseLong(status.get(1)));

        int run = 0;
        boolean syntaxOnly = true;
        List<String> skipped = new ArrayList<>();
        try (Replicator r = Replicator.builder().name(db).serverId(1701)
                .source(Servers.replication(src))
                .target(Servers.admin(dst))
                .databases(databases.toArray(String[]::new)).compareBeforeImage(true).startAt(start).build()) {
            r.start();
            try (Connection c = src.connect(db); Statement st = c.createStatement()) {
                for (String sql : statements) {
                    try {
                        st.execute(sql);
                        run++;
                    } catch (SQLException e) {
                        skipped.add(abbreviate(sql) + " -> " + e.getMessage());
                        // a syntax error, or a statement on a table whose CREATE was one
                        syntaxOnly &= e.getErrorCode() == 1064 || (e.getErrorCode() == 1146 && skipped.size() > 1);
                    }
                }
            }
            r.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(r.failure()).as("replication of %s", file).isNull();
        }
        int tables = 0;
        for (String d : databases) {
            if (src.queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + d + "'").equals("0")) {
                continue;
            }
            TableComparator.Comparison cmp = TableComparator.compare(src, dst, d);
            assertThat(cmp.identical()).as("%s, database %s:%n%s", file, d, cmp.report()).isTrue();
            assertThat(DefinitionComparator.differences(src, dst, d)).as("%s, definitions in database %s", file, d).isEmpty();
            tables += cmp.tables().size();
        }
        // a file the server rejects whole (another product's syntax) tests nothing: reported as skipped, never
        // as passed; one rejected for any other reason fails
        Assumptions.assumeTrue(run > 0 || !syntaxOnly, file + " ran no statement on " + src.version()
                + ": the server rejects its syntax (" + skipped + ")");
        assertThat(run).as("%s ran no statement on %s: nothing was tested (skipped: %s)", file, src.version(), skipped)
                .isPositive();
        System.out.printf(Locale.ROOT, "[peer-suite] %s on %s: %d statements run, %d skipped by the server, %d tables compared%s%n",
                file, src.version(), run, skipped.size(), tables, skipped.isEmpty() ? "" : "; skipped: " + skipped);
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }
}
