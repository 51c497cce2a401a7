package io.iso2db.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-process TCP proxy that makes a local server look far away: every byte is delivered a fixed
 * time after it was sent, in each direction, and optionally no faster than a given bandwidth. Data
 * in flight does not wait for earlier data to be delivered (the link is a pipe, not a stop-and-wait
 * channel), as on a real WAN link. For tests and benchmarks of replication across regions.
 *
 * <pre>{@code
 * try (LatencyProxy wan = LatencyProxy.start("127.0.0.1", target.port(), Duration.ofMillis(25), 0)) {
 *     // connect to 127.0.0.1:wan.port(): 50 ms round trips to the target
 * }
 * }</pre>
 */
public final class LatencyProxy implements AutoCloseable {

    private static final byte[] END = new byte[0];

    private final String host;
    private final int port;
    private final long delayNanos;
    private final long bytesPerSecond;
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean closed;

    private LatencyProxy(String host, int port, Duration oneWayDelay, long bytesPerSecond) throws IOException {
        this.host = host;
        this.port = port;
        this.delayNanos = oneWayDelay.toNanos();
        this.bytesPerSecond = bytesPerSecond;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "latency-proxy-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /**
     * Starts a proxy to {@code host:port} on a free loopback port.
     *
     * @param oneWayDelay    added to every byte in each direction (a round trip gains twice this)
     * @param bytesPerSecond the most each direction carries per second, 0 for no limit
     */
    public static LatencyProxy start(String host, int port, Duration oneWayDelay, long bytesPerSecond) {
        if (oneWayDelay.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("delay and bandwidth must not be negative");
        }
        try {
            return new LatencyProxy(host, port, oneWayDelay, bytesPerSecond);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the proxy's listening socket", e);
        }
    }

    /** The loopback port to connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(host, port), 10_000);
                for (Socket s : List.of(client, server)) {
                    s.setTcpNoDelay(true);
                }
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pipe(client, server, "up");
                pipe(server, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[latency-proxy] " + e);
                }
            }
        }
    }

    /** Two threads per direction: one reads and stamps each chunk, one delivers it when due. */
    private void pipe(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(from, inFlight), "latency-proxy-read-" + direction);
        Thread writer = new Thread(() -> deliver(inFlight, to), "latency-proxy-write-" + direction);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private void read(Socket from, BlockingQueue<Chunk> inFlight) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                inFlight.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
            }
        } catch (IOException e) {
            // the connection closed; the writer closes the other side once the data in flight is delivered
        }
        inFlight.add(new Chunk(END, System.nanoTime() + delayNanos));
    }

    private void deliver(BlockingQueue<Chunk> inFlight, Socket to) {
        long busyUntil = System.nanoTime();
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = inFlight.take();
                long due = Math.max(c.dueNanos, busyUntil);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (c.bytes == END) {
                    break;
                }
                out.write(c.bytes);
                out.flush();
                if (bytesPerSecond > 0) {
                    busyUntil = Math.max(System.nanoTime(), busyUntil) + c.bytes.length * 1_000_000_000L / bytesPerSecond;
                }
            }
        } catch (IOException e) {
            // the other side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Stops accepting and cuts every proxied connection. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (sockets) {
            sockets.forEach(LatencyProxy::closeQuietly);
            sockets.clear();
        }
    }
}
