package io.iso2db.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running database server that tests can connect to, whatever started it.
 *
 * <p>Implemented by {@link MariaDbServer} (local processes) and {@link MySqlContainerServer}
 * (Testcontainers). The admin account has every privilege; the replication account has what
 * a replica needs on a source (and nothing more).
 */
public interface DbServer extends AutoCloseable {

    /** Which server family this is; decides GTID syntax and a few statements. */
    enum Flavor { MARIADB, MYSQL }

    /** Counter shared by all servers of this JVM so database names never repeat. */
    AtomicInteger DATABASE_SEQUENCE = new AtomicInteger();

    String host();

    int port();

    Flavor flavor();

    /** Server version as reported by {@code SELECT VERSION()}. */
    String version();

    /** Where the binaries came from, e.g. {@code system}, {@code embedded}, {@code testcontainers}. */
    String backend();

    /** The server's own {@code server_id}. */
    int serverId();

    String adminUser();

    String adminPassword();

    String replicationUser();

    String replicationPassword();

    /** JDBC URL for the given database, or for no default database when {@code database} is null. */
    default String jdbcUrl(String database) {
        return "jdbc:mysql://" + host() + ":" + port() + "/" + (database == null ? "" : database)
                + "?useSSL=false&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=UTF-8"
                + "&serverTimezone=UTC&connectTimeout=10000&rewriteBatchedStatements=true";
    }

    /** A new admin connection (caller closes it). */
    default Connection connect() throws SQLException {
        return connect(null);
    }

    /** A new admin connection with the given default database (caller closes it). */
    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), adminUser(), adminPassword());
    }

    /** Runs statements in order on one admin connection; fails on the first error. */
    default void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query as lists of strings (NULL stays null). */
    default List<List<String>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + this + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** First column of the first row, or null when there is no row. */
    default String queryValue(String sql) {
        List<List<String>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** Creates a fresh, uniquely named database (utf8mb4) and returns its name. */
    default String newDatabase(String prefix) {
        String name = prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_" + DATABASE_SEQUENCE.incrementAndGet();
        execute("DROP DATABASE IF EXISTS `" + name + "`",
                "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        return name;
    }

    /** Stops the server and removes everything it wrote. Never throws. */
    @Override
    void close();
}
