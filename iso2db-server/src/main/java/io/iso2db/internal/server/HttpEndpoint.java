package io.iso2db.internal.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The service's HTTP port: {@code /metrics} (Prometheus text format), {@code /health/live},
 * {@code /health/ready} (200 when every task runs, else 503) and {@code /status} (one line per task).
 */
final class HttpEndpoint implements AutoCloseable {

    private final HttpServer server;

    HttpEndpoint(String host, int port, ServiceMetrics metrics, BooleanSupplier ready, Supplier<String> status)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExpositionFormatWriter writer = ExpositionFormats.init().getPrometheusTextFormatWriter();
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, metrics.registry().scrape());
            reply(ex, 200, writer.getContentType(), out.toByteArray());
        });
        server.createContext("/health/live", ex -> reply(ex, 200, "text/plain", "live\n".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health/ready", ex -> {
            boolean ok = ready.getAsBoolean();
            reply(ex, ok ? 200 : 503, "text/plain", (ok ? "ready\n" : "not ready\n" + status.get())
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/status", ex -> reply(ex, 200, "text/plain; charset=utf-8",
                status.get().getBytes(StandardCharsets.UTF_8)));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "iso2db-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
