package io.iso2db;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one server: host and port, user and password, optional TLS.
 * Immutable; the password never appears in {@link #toString()}.
 */
public final class ConnectionSettings {

    /** TLS use, as in the original tool's {@code ssl} key. */
    public enum Tls {
        /** Plain connection (original tool: {@code ssl=False}). */
        DISABLED,
        /** TLS required, server certificate not verified. */
        REQUIRED,
        /** TLS required and the server certificate verified against the CA. */
        VERIFY_CA
    }

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Tls tls;
    private final Path certificate;
    private final Path key;
    private final Path ca;

    private ConnectionSettings(String host, int port, String user, String password, Tls tls, Path certificate,
                               Path key, Path ca) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.certificate = certificate;
        this.key = key;
        this.ca = ca;
    }

    /** A plain (no TLS) connection. */
    public static ConnectionSettings of(String host, int port, String user, String password) {
        if (host == null || host.isBlank()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "port must be 1..65535, was " + port);
        }
        if (user == null || user.isBlank()) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "user must not be empty (host " + host + ":" + port + ")");
        }
        return new ConnectionSettings(host, port, user, password == null ? "" : password, Tls.DISABLED, null, null,
                null);
    }

    /** The same server with the given TLS use (original tool: {@code ssl}). */
    public ConnectionSettings withTls(Tls tls) {
        return new ConnectionSettings(host, port, user, password, Objects.requireNonNull(tls, "tls"), certificate, key, ca);
    }

    /**
     * The same server, authenticating with a client certificate (original tool: {@code cert} and {@code key}):
     * PEM files, the key in PKCS#8 form ({@code BEGIN PRIVATE KEY}). Turns TLS on (REQUIRED) if it was off.
     */
    public ConnectionSettings withClientCertificate(Path certificate, Path key) {
        if (certificate == null || key == null) {
            throw new Iso2dbException(ErrorCode.INVALID_CONFIGURATION, "a client certificate needs both the certificate and the key file ("
                    + host + ")");
        }
        return new ConnectionSettings(host, port, user, password, tls == Tls.DISABLED ? Tls.REQUIRED : tls, certificate,
                key, ca);
    }

    /** The same server, trusting this CA certificate (PEM); needed for {@link Tls#VERIFY_CA}. */
    public ConnectionSettings withCaCertificate(Path ca) {
        return new ConnectionSettings(host, port, user, password, tls, certificate, key, Objects.requireNonNull(ca, "ca"));
    }

    /**
     * The same account, password and TLS settings on another server (e.g. a replica of the source
     * that may be promoted, see {@link ReplicatorBuilder#sourceFailover}).
     */
    public ConnectionSettings at(String otherHost, int otherPort) {
        ConnectionSettings checked = of(otherHost, otherPort, user, password);
        return new ConnectionSettings(checked.host, checked.port, user, password, tls, certificate, key, ca);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The password; callers must not log it. */
    public String password() {
        return password;
    }

    public Tls tls() {
        return tls;
    }

    public Optional<Path> certificate() {
        return Optional.ofNullable(certificate);
    }

    public Optional<Path> key() {
        return Optional.ofNullable(key);
    }

    public Optional<Path> caCertificate() {
        return Optional.ofNullable(ca);
    }

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + ", password=****, tls=" + tls + "]";
    }
}
