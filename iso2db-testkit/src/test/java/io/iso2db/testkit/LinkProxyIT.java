package io.iso2db.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinkProxyIT {

    @RegisterExtension
    static final MariaDbExtension SERVER = MariaDbExtension.withServerId(1);

    private static Connection through(LinkProxy proxy) throws Exception {
        DbServer s = SERVER.server();
        return DriverManager.getConnection("jdbc:mysql://" + proxy.host() + ":" + proxy.port() + "/?useSSL=false"
                + "&allowPublicKeyRetrieval=true", s.adminUser(), s.adminPassword());
    }

    @Test
    void everyRoundTripTakesAtLeastTwiceTheOneWayDelay() throws Exception {
        try (LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port(), Duration.ofMillis(40), 0);
             Connection c = through(proxy); Statement st = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT " + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                }
                // a lower bound only: a busy machine can make a round trip slower, never faster
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
            }
        }
    }

    @Test
    void carriesLargeValuesUnchangedInBothDirectionsUnderABandwidthLimit() throws Exception {
        String db = SERVER.server().newDatabase("proxy");
        SERVER.server().execute("CREATE TABLE " + db + ".b (id INT PRIMARY KEY, v MEDIUMBLOB)");
        byte[] value = new byte[3 << 20];
        new Random(7).nextBytes(value);
        try (LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port(), Duration.ofMillis(1),
                64L << 20);
             Connection c = through(proxy)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db + ".b VALUES (1, ?)")) {
                ps.setBytes(1, value);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM " + db + ".b")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo(value);
            }
        }
        // what arrived on the server, read without the proxy
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(value));
        assertThat(SERVER.server().queryValue("SELECT MD5(v) FROM " + db + ".b")).isEqualTo(md5);
    }

    @Test
    void closingTheProxyCutsItsConnections() throws Exception {
        LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port(), Duration.ZERO, 0);
        try (Connection c = through(proxy)) {
            assertThat(c.isValid(5)).isTrue();
            proxy.close();
            assertThat(c.isValid(5)).isFalse();
        }
    }

    @Test
    void aStalledLinkHoldsTheQueryUntilItEndsAndThenDeliversIt() throws Exception {
        try (LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port());
             Connection c = through(proxy); Statement st = c.createStatement()) {
            proxy.stall(true);
            java.util.concurrent.CompletableFuture<Integer> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = st.executeQuery("SELECT 42")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long held = proxy.delivered(LinkProxy.Direction.TO_SERVER);
            Thread.sleep(300);   // a stall is an absence of progress: give the query time to (wrongly) arrive
            assertThat(answer).isNotDone();
            assertThat(proxy.delivered(LinkProxy.Direction.TO_SERVER)).isEqualTo(held);
            proxy.stall(false);
            assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(42);
        }
    }

    @Test
    void aCutAfterSomeBytesBreaksTheConnectionThereAndNewOnesWork() throws Exception {
        try (LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port());
             Connection c = through(proxy); Statement st = c.createStatement()) {
            long before = proxy.delivered(LinkProxy.Direction.TO_CLIENT);
            proxy.cutAfter(LinkProxy.Direction.TO_CLIENT, 10);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeQuery("SELECT REPEAT('x', 1000)"))
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(proxy.delivered(LinkProxy.Direction.TO_CLIENT)).isEqualTo(before + 10);
            assertThat(proxy.cutPending()).isFalse();
            try (Connection again = through(proxy)) {
                assertThat(again.isValid(5)).isTrue();
                assertThat(proxy.openConnections()).isGreaterThanOrEqualTo(1);
            }
            // closed connections are let go of: a long run through the proxy does not pile them up
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (proxy.openConnections() > 0) {
                assertThat(System.nanoTime()).as("closed connections forgotten").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void refusedConnectionsFailWhileOpenOnesGoOn() throws Exception {
        try (LinkProxy proxy = LinkProxy.start(SERVER.server().host(), SERVER.server().port());
             Connection c = through(proxy)) {
            proxy.refuseNew(true);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> through(proxy)).isInstanceOf(java.sql.SQLException.class);
            assertThat(c.isValid(5)).isTrue();
            proxy.refuseNew(false);
            try (Connection again = through(proxy)) {
                assertThat(again.isValid(5)).isTrue();
            }
        }
    }
}
