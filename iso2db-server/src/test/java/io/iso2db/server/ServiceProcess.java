package io.iso2db.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iso2db.testkit.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code iso2db run -c <iso.conf>} in a child JVM, with its HTTP port. */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("metrics and health on http://[^:]+:(\\d+)/");

    final String name;
    final ChildJvm jvm;
    private int port;

    private ServiceProcess(String name, ChildJvm jvm) {
        this.name = name;
        this.jvm = jvm;
    }

    static ServiceProcess start(String name, Path isoConf) throws InterruptedException {
        ServiceProcess p = new ServiceProcess(name, ChildJvm.start(Iso2dbCommand.class, List.of("-Xmx200m"),
                List.of("run", "-c", isoConf.toString())));
        p.awaitUntil(() -> PORT.matcher(p.jvm.output()).find());
        Matcher m = PORT.matcher(p.jvm.output());
        assertThat(m.find()).isTrue();
        p.port = Integer.parseInt(m.group(1));
        return p;
    }

    int port() {
        return port;
    }

    /** The tasks this service reports in {@code state} (from {@code /status}). */
    List<String> tasksIn(String state) {
        List<String> tasks = new ArrayList<>();
        for (String line : get("/status").split("\n")) {
            String[] f = line.split("\t");
            if (f.length > 1 && f[1].equals(state)) {
                tasks.add(f[0]);
            }
        }
        return tasks;
    }

    String get(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Waits up to 90 s for {@code condition}, failing with the service's output if it exits or the time runs out. */
    void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(jvm.isAlive()).as(name + " exited:\n" + jvm.output()).isTrue();
            assertThat(System.nanoTime()).as("condition not met in 90 s; " + name + " output:\n" + jvm.output())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        jvm.close();
    }
}
