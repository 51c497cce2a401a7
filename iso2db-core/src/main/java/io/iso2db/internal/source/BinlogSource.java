package io.iso2db.internal.source;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.iso2db.ConnectionSettings;
import io.iso2db.ErrorCode;
import io.iso2db.Iso2dbException;
import io.iso2db.Position;
import io.iso2db.internal.jdbc.Jdbc;
import io.iso2db.internal.jdbc.TlsMaterial;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import io.iso2db.event.TableId;

/**
 * One binlog connection to the source, registered as a replica with the task's {@code server_id}.
 * The client's own reconnect is off: its idea of the position runs ahead of what was applied,
 * so the task reconnects itself from its last committed position. The reading thread is a daemon.
 */
public final class BinlogSource {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its handlers. */
    private static final java.util.logging.Logger CLIENT_LOG =
            java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        // the binlog client logs through java.util.logging: its records go to SLF4J like iso2db's own
        if (java.util.Arrays.stream(CLIENT_LOG.getHandlers()).noneMatch(h -> h instanceof org.slf4j.bridge.SLF4JBridgeHandler)) {
            CLIENT_LOG.setUseParentHandlers(false);
            CLIENT_LOG.addHandler(new org.slf4j.bridge.SLF4JBridgeHandler());
        }
    }

    private final BinaryLogClient client;
    private final ConnectionSettings source;
    private volatile boolean closed;

    /**
     * @param useGtid   connect by GTID set (else by file and offset)
     * @param tables    which tables' rows to decode; the others' rows are skipped undecoded
     * @param onEvent   called on the reading thread for every event
     * @param onFailure called once when the connection breaks (not when {@link #disconnect()} is called)
     */
    public BinlogSource(String task, ConnectionSettings source, long serverId, Position start, boolean useGtid,
                        long heartbeatMillis,
                        Predicate<TableId> tables, Consumer<Event> onEvent, Consumer<Iso2dbException> onFailure) {
        this.source = source;
        client = new BinaryLogClient(source.host(), source.port(), source.user(), source.password());
        client.setServerId(serverId);
        client.setKeepAlive(false);
        client.setHeartbeatInterval(heartbeatMillis);
        client.setThreadFactory(r -> {
            Thread t = new Thread(r, "iso2db-" + task + "-binlog-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client.setSSLMode(switch (source.tls()) {
            case DISABLED -> SSLMode.DISABLED;
            case REQUIRED -> SSLMode.REQUIRED;
            case VERIFY_CA -> SSLMode.VERIFY_CA;
        });
        TlsMaterial tls = TlsMaterial.of(source);
        if (tls != null) {
            client.setSslSocketFactory(socket -> {
                try {
                    return (javax.net.ssl.SSLSocket) tls.sslContext().getSocketFactory()
                            .createSocket(socket, source.host(), socket.getPort(), true);
                } catch (IOException e) {
                    throw new java.net.SocketException("TLS handshake setup with " + source.describe() + ": " + e.getMessage());
                }
            });
        }
        if (useGtid) {
            client.setGtidSet(start.gtidSet().orElseThrow());
        } else {
            client.setBinlogFilename(start.binlogFile().orElseThrow());
            client.setBinlogPosition(start.offset());
        }
        VerifiedEvents deserializer = new VerifiedEvents();
        deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        TextDecoding.install(deserializer);   // first: the filter decisions below read the table names
        ExactRowsDeserializers.install(deserializer, tables);
        MariaGtid.install(deserializer);
        client.setEventDeserializer(deserializer);
        client.registerEventListener(onEvent::accept);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                onFailure.accept(translate(ex));
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                if (corrupted(ex)) {
                    onFailure.accept(new Iso2dbException(ErrorCode.CONNECTION_FAILED, "The binlog stream from "
                            + source.describe() + " was corrupted: " + ex.getMessage() + "; nothing of it was applied,"
                            + " reconnecting to read it again", ex));
                    return;
                }
                onFailure.accept(new Iso2dbException(ErrorCode.SOURCE_FAILED, "Cannot decode a binlog event from "
                        + source.describe() + ": " + ex.getMessage(), ex));
            }

            @Override
            public void onConnect(BinaryLogClient c) {
                if (closed) {
                    // disconnect() came while the client was still connecting, and did not reach the new channel
                    Thread t = new Thread(BinlogSource.this::closeClient, "iso2db-binlog-late-close");
                    t.setDaemon(true);
                    t.start();
                }
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                onFailure.accept(new Iso2dbException(ErrorCode.CONNECTION_FAILED, "The binlog connection to "
                        + source.describe() + " was closed"));
            }
        });
    }

    private static boolean corrupted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof VerifiedEvents.ChecksumMismatch) {
                return true;
            }
        }
        return false;
    }

    /** Connects and starts reading; returns once connected. */
    public void connect(long timeoutMillis) {
        try {
            client.connect(timeoutMillis);
        } catch (IOException e) {
            throw translate(e);
        } catch (TimeoutException e) {
            throw new Iso2dbException(ErrorCode.CONNECTION_FAILED, "The binlog connection to " + source.describe()
                    + " did not open within " + timeoutMillis + " ms", e);
        }
    }

    /** Closes the connection, also one still being made (it is closed as soon as it is up). */
    public void disconnect() {
        closed = true;
        closeClient();
    }

    private void closeClient() {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // already broken
        }
    }

    /** The server's words for a start offset inside an event (MariaDB and MySQL). */
    private static boolean isNotAnEventBoundary(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("bogus data") || m.contains("truncated in the middle of event")
                || m.contains("event header") || m.contains("wrong offset") || m.contains("invalid position");
    }

    private Iso2dbException translate(Exception e) {
        if (e instanceof ServerException se) {
            if (se.getErrorCode() == 1236 && isNotAnEventBoundary(se.getMessage())) {
                return new Iso2dbException(ErrorCode.POSITION_MISMATCH, "The source " + source.describe()
                        + " cannot send the binlog from the requested position: it is not an event boundary ("
                        + se.getMessage() + "). Start at the position of an event (a checkpoint, SHOW MASTER STATUS,"
                        + " or an offset listed by SHOW BINLOG EVENTS), or by GTID.", e);
            }
            if (se.getErrorCode() == 1236) {
                return new Iso2dbException(ErrorCode.BINLOG_PURGED, "The source " + source.describe()
                        + " cannot send the binlog from the requested position: " + se.getMessage()
                        + ". The position was purged or never existed; start from an export or from a newer position.", e);
            }
            if (se.getErrorCode() == 1045) {
                return new Iso2dbException(ErrorCode.AUTHENTICATION_FAILED, "The source " + source.describe()
                        + " refused the user name or password for the binlog connection.", e);
            }
            if (se.getErrorCode() == 1227 || se.getErrorCode() == 1044) {
                return new Iso2dbException(ErrorCode.MISSING_PRIVILEGE, "The source user " + source.describe()
                        + " may not read the binlog: grant REPLICATION SLAVE ON *.* (" + se.getMessage() + ")", e);
            }
        }
        String tls = Jdbc.tlsFailure(source, e);
        return new Iso2dbException(ErrorCode.CONNECTION_FAILED, "Binlog connection to " + source.describe()
                + " failed: " + (tls != null ? tls : e.getMessage()), e);
    }
}
