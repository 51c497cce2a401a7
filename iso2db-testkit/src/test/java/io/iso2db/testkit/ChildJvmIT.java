package io.iso2db.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmIT {

    /** Counts forever into a file; only SIGKILL stops it. */
    public static final class Counter {
        public static void main(String[] args) throws Exception {
            Path out = Path.of(args[0]);
            System.out.println("child heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            for (long i = 0; ; i++) {
                Files.writeString(out, Long.toString(i));
                Thread.sleep(5);
            }
        }
    }

    @Test
    void killedChildStopsAtOnceAndHonoursJvmOptions() throws Exception {
        Path file = Files.createTempFile("counter", ".txt");
        try (ChildJvm child = ChildJvm.start(Counter.class, List.of("-Xmx64m"), List.of(file.toString()))) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (Files.readString(file).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            assertThat(child.isAlive()).isTrue();
            child.kill();
            assertThat(child.isAlive()).isFalse();
            String last = Files.readString(file);
            Thread.sleep(100);
            assertThat(Files.readString(file)).isEqualTo(last);
            assertThat(child.output()).contains("child heap max").containsPattern("heap max (5|6)\\d MB");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void exitCodeOfAFinishedChildIsReported() {
        try (ChildJvm child = ChildJvm.start(Exit3.class, List.of(), List.of())) {
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
        }
    }

    /** Exits with code 3. */
    public static final class Exit3 {
        public static void main(String[] args) {
            System.exit(3);
        }
    }
}
