package io.iso2db.internal.jdbc;

import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Connections to source, target and status servers, with failures turned into clear errors. */
public final class Jdbc {

    private Jdbc() {
    }

    /** JDBC URL for a server; {@code database} may be null. */
    public static String url(ConnectionSettings s, String database) {
        String ssl = switch (s.tls()) {
            case DISABLED -> "sslMode=DISABLED";
            case REQUIRED -> "sslMode=REQUIRED";
            case VERIFY_CA -> "sslMode=VERIFY_CA";
        };
        return "jdbc:mysql://" + s.host() + ":" + s.port() + "/" + (database == null ? "" : database) + "?" + ssl
                + "&allowPublicKeyRetrieval=true&characterEncoding=UTF-8&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=false&connectTimeout=10000&rewriteBatchedStatements=true"
                + "&useServerPrepStmts=false&cachePrepStmts=true&tcpKeepAlive=true&zeroDateTimeBehavior=CONVERT_TO_NULL";
    }

    /** User, password and TLS key/trust stores for the driver. */
    static java.util.Properties properties(ConnectionSettings s) {
        java.util.Properties p = new java.util.Properties();
        TlsMaterial tls = TlsMaterial.of(s);
        if (tls != null) {
            p.putAll(tls.jdbcProperties());
        }
        p.setProperty("user", s.user());
        p.setProperty("password", s.password());
        return p;
    }

    /** How long the handshake may take: a server (or link) that accepts but never answers must not hold a caller for ever. */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** Opens one connection; {@code role} names the server in errors ("source", "target", ...). */
    public static Connection open(ConnectionSettings s, String role) {
        return connect(s, properties(s), role);
    }

    /** Opens one connection with extra driver properties (e.g. {@code allowLoadLocalInfile}). */
    public static Connection open(ConnectionSettings s, String role, java.util.Map<String, String> driverProperties) {
        java.util.Properties p = properties(s);
        driverProperties.forEach(p::setProperty);
        return connect(s, p, role);
    }

    private static Connection connect(ConnectionSettings s, java.util.Properties p, String role) {
        p.setProperty("socketTimeout", Integer.toString(HANDSHAKE_TIMEOUT_MILLIS));
        Connection c = null;
        try {
            c = DriverManager.getConnection(url(s, null), p);
            c.setNetworkTimeout(Runnable::run, 0);   // from here on the caller decides how long a statement may take
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw connectFailure(s, role, e);
        }
    }

    /**
     * Opens a long-lived session connection that accepts several statements in one call (the
     * apply session sends a transaction's rows, checkpoint and COMMIT in one round trip).
     */
    public static Connection openSession(ConnectionSettings s, String role) {
        java.util.Properties p = properties(s);
        p.setProperty("allowMultiQueries", "true");
        return connect(s, p, role);
    }

    /** Maps a failed connect to AUTHENTICATION_FAILED or CONNECTION_FAILED, naming the server (never the password). */
    public static Iso2dbException connectFailure(ConnectionSettings s, String role, SQLException e) {
        if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
            return new Iso2dbException(ErrorCode.AUTHENTICATION_FAILED, "The " + role + " server " + s.describe()
                    + " refused the user name or password. Check the " + role + " user and password.", e);
        }
        if (e.getErrorCode() == 1044 || e.getErrorCode() == 1227) {
            return new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The " + role + " user " + s.describe()
                    + " lacks a privilege: " + e.getMessage(), e);
        }
        String tls = tlsFailure(s, e);
        if (tls != null) {
            return new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot connect to the " + role + " server "
                    + s.describe() + ": " + tls, e);
        }
        return new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Cannot connect to the " + role + " server "
                + s.describe() + ": " + e.getMessage() + ". Check host, port, network and TLS settings.", e);
    }

    /**
     * What went wrong in a failed TLS handshake and what to change, or null when the failure was
     * not one: a certificate the configured CA did not sign reads very differently from a refused port.
     */
    public static String tlsFailure(ConnectionSettings s, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertificateException || c instanceof java.security.cert.CertPathValidatorException
                    || c instanceof javax.net.ssl.SSLHandshakeException) {
                String ca = s.caCertificate().map(p -> "the CA in " + p).orElse("the JVM's trusted CAs");
                return "the TLS handshake failed (" + c.getMessage() + "). With tls " + s.tls()
                        + " the server's certificate must be signed by " + ca + ": give the CA that signed the"
                        + " server's certificate, or REQUIRED to encrypt without checking it.";
            }
        }
        return null;
    }

    /** True for failures of the connection itself (server down, network), which a reconnect may cure. */
    public static boolean isConnectionLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException
                    || c instanceof java.sql.SQLNonTransientConnectionException
                    || c instanceof java.io.IOException
                    || (c instanceof SQLException se && se.getSQLState() != null && se.getSQLState().startsWith("08"))
                    || c.getClass().getSimpleName().equals("CommunicationsException")) {
                return true;
            }
        }
        return false;
    }

    /** Closes quietly; cleanup must not hide the real failure. */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do
        }
    }
}
