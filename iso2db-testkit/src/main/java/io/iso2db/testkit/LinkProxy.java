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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-process TCP proxy in front of a server, for tests and benchmarks that shape or break the
 * link (kernel traffic shaping is not available everywhere). Shaping: every byte is delivered a
 * fixed time (plus optional random jitter) after it was sent, in each direction, optionally no
 * faster than a given bandwidth; data in flight does not wait for earlier data to be delivered,
 * as on a real WAN link. Faults: {@link #stall} (accept and hold every byte, no FIN),
 * {@link #cutAll} (reset every connection now), {@link #cutAfter} (reset them after a number of
 * bytes, mid-packet), {@link #refuseNew}, {@link #corruptAfter} (flip the bits of one byte).
 *
 * <pre>{@code
 * try (LinkProxy wan = LinkProxy.start("127.0.0.1", target.port(), Duration.ofMillis(25), 0)) {
 *     // connect to 127.0.0.1:wan.port(): 50 ms round trips to the target
 * }
 * }</pre>
 */
public final class LinkProxy implements AutoCloseable {

    /** Which way bytes flow: from the client to the server, or back. */
    public enum Direction { TO_SERVER, TO_CLIENT }

    private static final byte[] END = new byte[0];

    private final String host;
    private final int port;
    private final long delayNanos;
    private final long bytesPerSecond;
    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong[] cutBudget = {new AtomicLong(-1), new AtomicLong(-1)};
    private final AtomicLong[] delivered = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] corruptAt = {new AtomicLong(-1), new AtomicLong(-1)};
    private final AtomicLong accepted = new AtomicLong();
    private volatile long jitterNanos;
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile boolean closed;

    private LinkProxy(String host, int port, Duration oneWayDelay, long bytesPerSecond) throws IOException {
        this.host = host;
        this.port = port;
        this.delayNanos = oneWayDelay.toNanos();
        this.bytesPerSecond = bytesPerSecond;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "link-proxy-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** Starts a proxy to {@code host:port} on a free loopback port that passes bytes on at once. */
    public static LinkProxy start(String host, int port) {
        return start(host, port, Duration.ZERO, 0);
    }

    /**
     * Starts a proxy to {@code host:port} on a free loopback port.
     *
     * @param oneWayDelay    added to every byte in each direction (a round trip gains twice this)
     * @param bytesPerSecond the most each direction carries per second, 0 for no limit
     */
    public static LinkProxy start(String host, int port, Duration oneWayDelay, long bytesPerSecond) {
        if (oneWayDelay.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("delay and bandwidth must not be negative");
        }
        try {
            return new LinkProxy(host, port, oneWayDelay, bytesPerSecond);
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

    /** Adds a random delay of up to {@code jitter} to each chunk (order is kept, as TCP keeps it). */
    public LinkProxy jitter(Duration jitter) {
        this.jitterNanos = jitter.toNanos();
        return this;
    }

    /**
     * While on, every byte is read and held, nothing is delivered and no connection is closed: a
     * peer that hangs or a path that black-holes traffic. Held bytes are delivered when it ends.
     */
    public void stall(boolean on) {
        this.stalled = on;
    }

    /** While on, new connections are reset at once (a server that is down); open ones go on. */
    public void refuseNew(boolean on) {
        this.refusing = on;
    }

    /** Resets every open connection now (both sides see a broken connection, no clean close). */
    public void cutAll() {
        synchronized (sockets) {
            sockets.forEach(LinkProxy::reset);
            sockets.clear();
        }
    }

    /**
     * Resets every open connection once {@code bytes} more bytes have been delivered in
     * {@code direction}, counted over all connections, cutting in the middle of a packet if that
     * is where the count ends. One cut per call.
     */
    public void cutAfter(Direction direction, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        cutBudget[direction.ordinal()].set(bytes);
    }

    /**
     * Flips every bit of the byte delivered {@code bytes} bytes from now in {@code direction}
     * (counted over all connections), as a faulty NIC or middlebox would; the connection stays up.
     */
    public void corruptAfter(Direction direction, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        corruptAt[direction.ordinal()].set(delivered[direction.ordinal()].get() + bytes);
    }

    /** Whether a {@link #corruptAfter} has not reached its byte yet. */
    public boolean corruptionPending() {
        return corruptAt[0].get() >= 0 || corruptAt[1].get() >= 0;
    }

    /** Whether a {@link #cutAfter} is still waiting for its bytes. */
    public boolean cutPending() {
        return cutBudget[0].get() >= 0 || cutBudget[1].get() >= 0;
    }

    /** Bytes delivered in {@code direction} since the start, over all connections. */
    public long delivered(Direction direction) {
        return delivered[direction.ordinal()].get();
    }

    /** Connections open through the proxy now (one still closing on one side counts until both sides are closed). */
    public int openConnections() {
        synchronized (sockets) {
            return (sockets.size() + 1) / 2;
        }
    }

    /** Connections accepted since the start (a client that reconnects shows here). */
    public long accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                accepted.incrementAndGet();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(host, port), 10_000);
                for (Socket s : List.of(client, server)) {
                    s.setTcpNoDelay(true);
                }
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pipe(client, server, Direction.TO_SERVER);
                pipe(server, client, Direction.TO_CLIENT);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[link-proxy] " + e);
                }
            }
        }
    }

    /** Two threads per direction: one reads and stamps each chunk, one delivers it when due. */
    private void pipe(Socket from, Socket to, Direction direction) {
        BlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        String name = direction.name().toLowerCase(java.util.Locale.ROOT);
        Thread reader = new Thread(() -> read(from, inFlight), "link-proxy-read-" + name);
        Thread writer = new Thread(() -> deliver(inFlight, to, direction), "link-proxy-write-" + name);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private void read(Socket from, BlockingQueue<Chunk> inFlight) {
        byte[] buffer = new byte[64 * 1024];
        long lastDue = 0;
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long jitter = jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos) : 0;
                lastDue = Math.max(lastDue, System.nanoTime() + delayNanos + jitter);
                inFlight.add(new Chunk(Arrays.copyOf(buffer, n), lastDue));
            }
        } catch (IOException e) {
            // the connection closed; the writer closes the other side once the data in flight is delivered
        }
        inFlight.add(new Chunk(END, Math.max(lastDue, System.nanoTime() + delayNanos)));
    }

    private void deliver(BlockingQueue<Chunk> inFlight, Socket to, Direction direction) {
        long busyUntil = System.nanoTime();
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = inFlight.take();
                long due = Math.max(c.dueNanos, busyUntil);
                for (long wait = due - System.nanoTime(); wait > 0 || stalled; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(stalled ? 5_000_000 : wait);
                }
                if (c.bytes == END) {
                    break;
                }
                if (!write(out, c.bytes, direction)) {
                    break;
                }
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
            synchronized (sockets) {
                sockets.remove(to);   // a long run reconnects thousands of times: keep only the live ones
            }
        }
    }

    /** Writes a chunk, or only the part a pending cut allows and then cuts; false once cut. */
    private boolean write(OutputStream out, byte[] bytes, Direction direction) throws IOException {
        corrupt(bytes, direction);
        AtomicLong budget = cutBudget[direction.ordinal()];
        while (true) {
            long left = budget.get();
            if (left < 0 || left >= bytes.length) {
                if (left < 0 || budget.compareAndSet(left, left - bytes.length)) {
                    // counted before the write: a peer that has read the bytes must find them counted
                    delivered[direction.ordinal()].addAndGet(bytes.length);
                    out.write(bytes);
                    out.flush();
                    return true;
                }
            } else if (budget.compareAndSet(left, -1)) {
                delivered[direction.ordinal()].addAndGet(left);
                out.write(bytes, 0, (int) left);
                out.flush();
                cutAll();
                return false;
            }
        }
    }

    /** Flips the byte a pending {@link #corruptAfter} points at, when it lies in this chunk. */
    private void corrupt(byte[] bytes, Direction direction) {
        AtomicLong at = corruptAt[direction.ordinal()];
        long target = at.get();
        long start = delivered[direction.ordinal()].get();
        if (target >= start && target < start + bytes.length && at.compareAndSet(target, -1)) {
            bytes[(int) (target - start)] ^= (byte) 0xFF;
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);   // RST, not FIN: the peer sees a broken link, not a clean close
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
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
        cutAll();
    }
}
