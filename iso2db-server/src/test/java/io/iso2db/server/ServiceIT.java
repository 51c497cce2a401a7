package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import io.iso2db.testkit.MariaDbServer;
import io.iso2db.testkit.TableComparator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as users run it: {@code iso2db run -c conf/iso.conf} in a child JVM, with the shipped
 * configuration files adjusted only in host, port, password (and, for the second task, its
 * database and server_id).
 */
class ServiceIT {

    private static final Path DIST = Path.of("src/dist/conf");
    private static MariaDbServer source;
    private static MariaDbServer target;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        source = MariaDbServer.builder().serverId(1).start();
        target = MariaDbServer.builder().serverId(2).start();
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    @Test
    void twoTasksExportThenReplicateAndASigtermUnderLoadLosesAndDoublesNothing() throws Exception {
        source.execute("CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, v INT NOT NULL)",
                "CREATE DATABASE crm", "CREATE TABLE crm.ledger (token VARCHAR(40) NOT NULL, note TEXT)");
        for (int i = 0; i < 2_000; i += 500) {
            StringBuilder sql = new StringBuilder("INSERT INTO shop.items VALUES ");
            for (int j = i; j < i + 500; j++) {
                sql.append(j == i ? "" : ",").append('(').append(j).append(",0)");
            }
            source.execute(sql.toString(), "INSERT INTO crm.ledger VALUES ('before-" + i + "', NULL)");
        }
        Path conf = configure(true);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                long n = written.incrementAndGet();
                source.execute("BEGIN", "INSERT INTO crm.ledger VALUES ('w-" + n + "', 'x')",
                        "UPDATE shop.items SET v = v + 1 WHERE id = " + (n % 2_000), "COMMIT");
            }
        });
        writer.start();
        try (ChildJvm first = service(conf)) {
            int port = awaitPort(first);
            awaitUntil(first, () -> status(port).matches("(?s)crm\\tRUNNING.*shop\\tRUNNING.*"));
            long before = written.get();
            awaitUntil(first, () -> written.get() > before + 50 && transactions(port, "crm") > 20);
            String metrics = get(port, "/metrics");
            assertThat(metrics).contains("iso2db_lag_seconds{task=\"crm\"}").contains("iso2db_task_state{state=\"RUNNING\",task=\"shop\"} 1")
                    .contains("iso2db_export_rows{task=\"shop\"} 2000");
            assertThat(metrics).contains("iso2db_rows_total{operation=\"insert\",task=\"crm\"}");
            assertThat(get(port, "/health/ready")).isEqualTo("ready\n");

            first.terminate();
            long t0 = System.nanoTime();
            assertThat(first.awaitExit(Duration.ofSeconds(10))).as(first.output()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(first.output()).contains("Task crm EXPORTING → RUNNING").contains("iso2db service stopped");
        }
        try (ChildJvm second = service(conf)) {
            int port = awaitPort(second);
            awaitUntil(second, () -> status(port).matches("(?s)crm\\tRUNNING.*shop\\tRUNNING.*"));
            assertThat(second.output()).as("a restart after the export resumes, never exports again")
                    .doesNotContain("EXPORTING");
            long before = written.get();
            awaitUntil(second, () -> written.get() > before + 50);
            writing.set(false);
            writer.join();
            String sourceEnd = source.queryValue("SELECT @@gtid_binlog_pos");
            awaitUntil(second, () -> ledger(target).size() == ledger(source).size()
                    && TableComparator.compare(source, target, "shop").identical());
            assertThat(ledger(target)).as("no token lost or doubled (source at " + sourceEnd + ")")
                    .containsExactlyInAnyOrderElementsOf(ledger(source)).doesNotHaveDuplicates();
            TableComparator.assertIdentical(source, target, "shop");
            TableComparator.assertIdentical(source, target, "crm");
            // quiet now: every writer transaction is one ledger insert (crm) and one update (shop); the two tasks
            // resumed from their own checkpoints, so their counts may differ by the few the SIGTERM left between them
            String metrics = get(port, "/metrics");
            assertThat(value(metrics, "iso2db_transactions_total{task=\"crm\"}")).isPositive()
                    .isEqualTo(value(metrics, "iso2db_rows_total{operation=\"insert\",task=\"crm\"}"));
            assertThat(value(metrics, "iso2db_transactions_total{task=\"shop\"}")).isPositive()
                    .isEqualTo(value(metrics, "iso2db_rows_total{operation=\"update\",task=\"shop\"}"));
            assertThat(value(metrics, "iso2db_rows_total{operation=\"delete\",task=\"shop\"}")).isZero();

            // a task that fails leaves the other running; a changed file restarts that task only
            Files.writeString(conf.resolveSibling("include/broken.conf"), Files.readString(conf.resolveSibling(
                    "include/crm.conf")).replace("server_id = 4102", "server_id = 4103")
                    .replace("user_password = " + source.replicationPassword(), "user_password = not-the-password-42"));
            awaitUntil(second, () -> status(port).contains("broken\tFAILED"));
            assertThat(status(port)).contains("crm\tRUNNING").contains("shop\tRUNNING").contains("AUTHENTICATION_FAILED");
            assertThat(get(port, "/health/ready")).startsWith("not ready");
            Path shopFile = conf.resolveSibling("include/shop.conf");
            Files.writeString(shopFile, Files.readString(shopFile) + "\n# changed\n");
            awaitUntil(second, () -> second.output().contains("Task shop: " + shopFile + " changed, restarting it")
                    && status(port).contains("shop\tRUNNING"));
            assertThat(second.output()).doesNotContain("Task crm: ");
            source.execute("INSERT INTO crm.ledger VALUES ('after-reload', NULL)", "UPDATE shop.items SET v = -1");
            awaitUntil(second, () -> ledger(target).size() == ledger(source).size()
                    && TableComparator.compare(source, target, "shop").identical());
            second.terminate();
            assertThat(second.awaitExit(Duration.ofSeconds(10))).isZero();
        }
        String status = Iso2dbCommandRunner.run("status", "-c", conf.toString()).output();
        assertThat(status).containsPattern("crm\tSTOPPED\tnode=[^\t]+\tserver_id=4102\tposition=mysql-bin\\.\\d+:\\d+")
                .containsPattern("shop\tSTOPPED\tnode=[^\t]+\tserver_id=4101\tposition=mysql-bin\\.\\d+:\\d+")
                .contains("broken\tFAILED").contains("AUTHENTICATION_FAILED").doesNotContain("not-the-password-42");
    }

    /** The shipped iso.conf and example.conf, with the test servers' addresses and passwords; two tasks. */
    private Path configure(boolean full) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf.resolve("include"));
        Files.writeString(conf.resolve("iso.conf"), Files.readString(DIST.resolve("iso.conf"))
                .replace("metrics_port = 9180", "metrics_port = 0").replace("metrics_host = 0.0.0.0", "metrics_host = 127.0.0.1"));
        String example = Files.readString(DIST.resolve("include/example.conf"))
                .replace("full = False", "full = " + (full ? "True" : "False"))
                .replace("port = 3306\n", "port = " + source.port() + "\n")
                .replace("user_name = repl", "user_name = " + source.replicationUser())
                .replace("user_password = env:ISO2DB_SOURCE_PASSWORD", "user_password = " + source.replicationPassword())
                .replace("dport = 3307", "dport = " + target.port())
                .replace("duser = apply", "duser = " + target.adminUser())
                .replace("dpassword = env:ISO2DB_TARGET_PASSWORD", "dpassword = file:target.pw");
        Files.writeString(conf.resolve("include/target.pw"), target.adminPassword() + "\n");
        Files.writeString(conf.resolve("include/shop.conf"), example);
        Files.writeString(conf.resolve("include/crm.conf"), example.replace("databases = shop", "databases = crm")
                .replace("server_id = 4101", "server_id = 4102"));
        return conf.resolve("iso.conf");
    }

    private static ChildJvm service(Path conf) {
        return ChildJvm.start(Iso2dbCommand.class, List.of("-Xmx256m"), List.of("run", "-c", conf.toString()));
    }

    private static final Pattern PORT = Pattern.compile("metrics and health on http://[^:]+:(\\d+)/");

    private static int awaitPort(ChildJvm child) throws InterruptedException {
        awaitUntil(child, () -> PORT.matcher(child.output()).find());
        Matcher m = PORT.matcher(child.output());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static void awaitUntil(ChildJvm child, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(child.isAlive()).as("the service exited:\n" + child.output()).isTrue();
            assertThat(System.nanoTime()).as("condition not met in 90 s; service output:\n" + child.output())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String status(int port) {
        return get(port, "/status");
    }

    private static long transactions(int port, String task) {
        String metrics = get(port, "/metrics");
        return metrics.contains("iso2db_transactions_total{task=\"" + task + "\"}")
                ? value(metrics, "iso2db_transactions_total{task=\"" + task + "\"}") : 0;
    }

    private static long value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError(series + " not in the metrics:\n" + metrics);
    }

    static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "(unreachable: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static List<String> ledger(MariaDbServer s) {
        return s.query("SELECT token FROM crm.ledger").stream().map(r -> r.get(0)).toList();
    }
}
