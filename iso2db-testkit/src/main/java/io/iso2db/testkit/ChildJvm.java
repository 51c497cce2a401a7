package io.iso2db.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class running in a separate JVM with this JVM's class path, for crash tests:
 * it can be killed with SIGKILL at any moment. Its output goes to a file, readable with
 * {@link #output()}. A child still running when this JVM exits is killed.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path outputFile;
    private final String mainClass;

    private ChildJvm(Process process, Path outputFile, String mainClass) {
        this.process = process;
        this.outputFile = outputFile;
        this.mainClass = mainClass;
    }

    /** Starts {@code mainClass} with the given JVM options (e.g. {@code -Xmx256m}) and arguments. */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        try {
            Path out = Files.createTempFile("iso2db-child-" + mainClass.getSimpleName() + "-", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            ServerRegistry.trackChild(p);
            return new ChildJvm(p, out, mainClass.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a child JVM for " + mainClass.getName(), e);
        }
    }

    /** Sends the child SIGTERM (a polite stop) and returns at once; see {@link #awaitExit(Duration)}. */
    public void terminate() {
        process.destroy();
    }

    /** Sends the child a signal by name ({@code STOP}, {@code CONT}, {@code HUP}, ...) and waits until it is sent. */
    public void signal(String name) {
        try {
            // bash's own kill: a machine may lack procps' /bin/kill, never the shell
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + name + " " + process.pid()).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the child to exit; returns its exit code, or throws when it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(mainClass + " still running after " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + mainClass, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the child printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(outputFile);
        } catch (IOException e) {
            return "(cannot read " + outputFile + ")";
        }
    }

    /** Kills the child if still running and deletes its output file. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(outputFile);
        } catch (IOException ignored) {
            // temp file; harmless
        }
    }
}
