package io.iso2db.testkit;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one server per test class, started before the first test and removed after
 * the last, even when tests fail. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MariaDbExtension SOURCE = MariaDbExtension.withServerId(1);
 * }</pre>
 *
 * Tests take their own database with {@code SOURCE.server().newDatabase("orders")}.
 * The backend and version are published as a report entry and printed once.
 */
public final class MariaDbExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<MariaDbServer.Builder> customizer;
    private MariaDbServer server;

    private MariaDbExtension(UnaryOperator<MariaDbServer.Builder> customizer) {
        this.customizer = customizer;
    }

    /** A source server with the given {@code server_id} and default settings. */
    public static MariaDbExtension withServerId(int serverId) {
        return custom(b -> b.serverId(serverId));
    }

    /** A server built from the defaults changed by {@code customizer}. */
    public static MariaDbExtension custom(UnaryOperator<MariaDbServer.Builder> customizer) {
        return new MariaDbExtension(customizer);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = customizer.apply(MariaDbServer.builder()).start();
        String line = server + " started in " + server.startupMillis() + " ms";
        context.publishReportEntry("mariadb", line);
        System.out.println("[iso2db-testkit] " + context.getDisplayName() + ": " + line);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only valid inside the test class's lifecycle. */
    public MariaDbServer server() {
        if (server == null) {
            throw new IllegalStateException("The server is not running: register the extension as a static field");
        }
        return server;
    }
}
