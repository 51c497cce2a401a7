package io.iso2db.testkit;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL 5.7 or 8.x in a Testcontainers container, configured as a GTID replication source.
 * Where no Docker engine is reachable, {@link #start(String, int)} aborts the calling test as
 * skipped (a JUnit assumption), never as passed.
 */
public final class MySqlContainerServer implements DbServer {

    private static final String REPL_USER = "iso2db_repl";
    private static final String REPL_PASSWORD = "repl-Secret-1";

    private final MySQLContainer<?> container;
    private final int serverId;
    private final String version;

    private MySqlContainerServer(MySQLContainer<?> container, int serverId) {
        this.container = container;
        this.serverId = serverId;
        this.version = queryValue("SELECT VERSION()");
    }

    /** True when a Docker engine answers. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Starts {@code mysql:<tag>} (e.g. {@code 8.0}, {@code 5.7}); skips the test without Docker. */
    public static MySqlContainerServer start(String tag, int serverId) {
        Assumptions.assumeTrue(dockerAvailable(), "Docker is not available: MySQL " + tag + " tests are skipped");
        MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse("mysql:" + tag))
                .withUsername("iso2db_admin").withPassword("admin-Secret-1")
                .withCommand("--server-id=" + serverId, "--log-bin=mysql-bin", "--binlog-format=ROW",
                        "--binlog-row-image=FULL", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                        "--character-set-server=utf8mb4");
        c.start();
        MySqlContainerServer server = new MySqlContainerServer(c, serverId);
        server.execute("CREATE USER '" + REPL_USER + "'@'%' IDENTIFIED BY '" + REPL_PASSWORD + "'",
                "GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '"
                        + REPL_USER + "'@'%'");
        return server;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(3306);
    }

    @Override
    public Flavor flavor() {
        return Flavor.MYSQL;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String backend() {
        return "testcontainers";
    }

    @Override
    public int serverId() {
        return serverId;
    }

    @Override
    public String adminUser() {
        return "root";
    }

    @Override
    public String adminPassword() {
        return container.getPassword();
    }

    @Override
    public String replicationUser() {
        return REPL_USER;
    }

    @Override
    public String replicationPassword() {
        return REPL_PASSWORD;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "MySQL " + version + " (testcontainers) on " + host() + ":" + port();
    }
}
