package io.iso2db.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private MariaDB server on a free port with its own temporary datadir, configured as a
 * replication source ({@code log_bin}, {@code binlog_format=ROW}, {@code binlog_row_image=FULL},
 * {@code binlog_row_metadata=FULL}; each overridable so tests can run the error paths).
 *
 * <p>It can be stopped, killed with SIGKILL and restarted on the same port with the same data.
 * {@link #close()} stops it and deletes its files; servers a crashed JVM left behind are reaped
 * by the next JVM that starts one.
 */
public final class MariaDbServer implements DbServer {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);

    private final Builder settings;
    private final Path dir;
    private final Path datadir;
    private final boolean managed;
    private int port;
    private Process process;
    private String version;
    private long lastStartMillis;

    MariaDbServer(Builder settings, Path datadir, boolean managed) {
        this.settings = settings;
        this.managed = managed;
        this.dir = managed ? datadir.getParent() : datadir.resolveSibling("run");
        this.datadir = datadir;
    }

    /** A builder with the defaults of a replication source. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with the defaults ({@link Backend#configured()} backend, server id 1). */
    public static MariaDbServer start() {
        return builder().start();
    }

    synchronized void startProcess() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean keepPort = port != 0;
        for (int attempt = 1; ; attempt++) {
            if (!keepPort) {
                port = freePort();
            }
            long t0 = System.nanoTime();
            try {
                launchAndAwaitReady();
                lastStartMillis = (System.nanoTime() - t0) / 1_000_000;
                return;
            } catch (IllegalStateException e) {
                boolean portTaken = errorLogTail().contains("Address already in use");
                if (!portTaken || keepPort || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private void launchAndAwaitReady() {
        List<String> cmd = new ArrayList<>();
        MariaDbBinaries b = settings.binaries;
        cmd.add(b.mariadbd().toString());
        cmd.add("--no-defaults");
        if (b.basedir() != null) {
            cmd.add("--basedir=" + b.basedir());
        }
        if (b.messagesDir() != null) {
            cmd.add("--lc-messages-dir=" + b.messagesDir());
        }
        Path tmp = dir.resolve("tmp");   // its own: servers of concurrent test runs must not share temporary files
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + tmp, e);
        }
        cmd.addAll(List.of("--datadir=" + datadir, "--tmpdir=" + tmp, "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"), "--user=" + System.getProperty("user.name"),
                "--skip-ssl", "--skip-name-resolve", "--server-id=" + settings.serverId,
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                "--max-allowed-packet=64M", "--performance-schema=OFF", "--innodb-buffer-pool-size=128M",
                "--innodb-log-file-size=32M", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
                "--max-connections=300", "--default-time-zone=+00:00"));
        if (settings.logBin) {
            cmd.addAll(List.of("--log-bin=mysql-bin", "--log-slave-updates=ON",
                    "--binlog-format=" + settings.binlogFormat,
                    "--binlog-row-image=" + settings.binlogRowImage,
                    "--binlog-row-metadata=" + settings.binlogRowMetadata));
        }
        cmd.addAll(settings.extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + b.mariadbd(), e);
        }
        ServerRegistry.track(this);
        awaitReady(Duration.ofSeconds(90));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("MariaDB (" + backend() + ") exited with code " + process.exitValue()
                        + " while starting on port " + port + ". Error log " + dir.resolve("error.log") + ":\n"
                        + errorLogTail());
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl(null) + "&connectTimeout=1000",
                    adminUser(), adminPassword())) {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT VERSION()")) {
                    rs.next();
                    version = rs.getString(1);
                }
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("MariaDB did not accept connections on port " + port + " within "
                + timeout.toSeconds() + " s (" + (last == null ? "" : last.getMessage()) + "). Error log:\n"
                + errorLogTail());
    }

    /** Stops the server gracefully (SIGTERM, waits for shutdown); SIGKILL after 60 s. Idempotent. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.warn("MariaDB on port {} did not shut down within 60 s; killing it", port);
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port with the same datadir (after stop or kill). */
    public synchronized void restart() {
        stop();
        startProcess();
        LOG.info("Restarted MariaDB {} ({}) on port {} in {} ms", version, backend(), port, lastStartMillis);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Milliseconds the last start took, until the first successful connection. */
    public long startupMillis() {
        return lastStartMillis;
    }

    public Path dataDir() {
        return datadir;
    }

    /** The last lines of the server's error log, for failure messages. */
    public String errorLogTail() {
        Path log = dir.resolve("error.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    Path runDirectory() {
        return dir;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String backend() {
        return settings.binaries.backend().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int serverId() {
        return settings.serverId;
    }

    @Override
    public String adminUser() {
        return TemplateDatadir.ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return TemplateDatadir.ADMIN_PASSWORD;
    }

    @Override
    public String replicationUser() {
        return TemplateDatadir.REPL_USER;
    }

    @Override
    public String replicationPassword() {
        return TemplateDatadir.REPL_PASSWORD;
    }

    @Override
    public synchronized void close() {
        kill();
        ServerRegistry.untrack(this);
        if (managed) {
            TestkitFiles.deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return "MariaDB " + (version == null ? "" : version + " ") + "(" + backend() + ") on " + host() + ":" + port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for MariaDB", e);
        }
    }

    /** Settings of a server to start; {@link #start()} may be called more than once. */
    public static final class Builder {
        private MariaDbBinaries binaries;
        private Backend backend = Backend.configured();
        private int serverId = 1;
        private boolean logBin = true;
        private String binlogFormat = "ROW";
        private String binlogRowImage = "FULL";
        private String binlogRowMetadata = "FULL";
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {
        }

        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        Builder binaries(MariaDbBinaries binaries) {
            this.binaries = binaries;
            return this;
        }

        public Builder serverId(int serverId) {
            if (serverId < 1) {
                throw new IllegalArgumentException("serverId must be >= 1, was " + serverId);
            }
            this.serverId = serverId;
            return this;
        }

        /** Whether the binary log is on (default true). */
        public Builder logBin(boolean logBin) {
            this.logBin = logBin;
            return this;
        }

        public Builder binlogFormat(String format) {
            this.binlogFormat = format;
            return this;
        }

        public Builder binlogRowImage(String image) {
            this.binlogRowImage = image;
            return this;
        }

        public Builder binlogRowMetadata(String metadata) {
            this.binlogRowMetadata = metadata;
            return this;
        }

        /** Further {@code mariadbd} options, appended last so they win. */
        public Builder extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Starts a new server from a copy of the template datadir. */
        public MariaDbServer start() {
            if (binaries == null) {
                binaries = MariaDbBinaries.resolve(backend);
            }
            ServerRegistry.reapOrphans();
            Path template = TemplateDatadir.forBinaries(binaries);
            Path dir = ServerRegistry.newRunDirectory();
            Path data = dir.resolve("data");
            TestkitFiles.copyTree(template, data);
            MariaDbServer server = new MariaDbServer(this, data, true);
            try {
                server.startProcess();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("Started {} in {} ms", server, server.lastStartMillis);
            return server;
        }
    }
}
