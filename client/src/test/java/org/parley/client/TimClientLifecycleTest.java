package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.client.TimClientInboundTest.plain;
import static org.parley.client.TimClientRequestsTest.authOk;
import static org.parley.client.TimClientRequestsTest.get;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimError;

/** Connect, close, and automatic reconnection. */
class TimClientLifecycleTest {

    private final FakeNetwork network = new FakeNetwork();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private final TimListener recorder = new TimListener() {
        @Override
        public void onClose(CloseStatus status, boolean reconnecting) {
            events.add("close " + status.code() + (status.requested() ? " requested" : "") + (reconnecting ? " reconnecting" : ""));
        }

        @Override
        public void onReconnect(TimAck authAck) {
            events.add("reconnect " + (authAck == null ? "no login" : authAck.getOk() ? "ok" : "refused"));
        }

        @Override
        public void onError(Throwable error) {
            events.add("error " + error.getClass().getSimpleName());
        }
    };

    private TimClient.Builder builder() {
        return TimClient.builder("ws://localhost:20003/tim").transportFactory(network).listener(recorder)
                .reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(4));
    }

    private String nextEvent() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event");
        }
        return e;
    }

    private static TimAuth auth(byte[] frame) {
        assertEquals(FrameType.AUTH, frame[0]);
        return ThriftCodec.INSTANCE.decode(frame, 1, frame.length - 1, TimAuth.class);
    }

    private FakeNetwork.FakeTransport loggedIn(TimClient client, String name) throws Exception {
        get(client.connect());
        FakeNetwork.FakeTransport t = network.nextConnection();
        CompletableFuture<TimAck> login = client.login(name, "123", null, "web", 1);
        t.nextSent();
        t.deliver(plain(FrameType.ACK, authOk("N-" + name), false));
        assertTrue(get(login).getOk());
        return t;
    }

    @Test
    void connectIsIdempotentWhileOpen() throws Exception {
        TimClient client = builder().build();
        get(client.connect());
        get(client.connect());
        assertEquals(1, network.attempts.get());
        assertTrue(client.isOpen());
    }

    @Test
    void closeIsAHandshakeAndDoesNotReconnect() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        FakeNetwork.FakeTransport t = loggedIn(client, "alice");
        CloseStatus status = get(client.closeAsync());
        assertEquals(new CloseStatus(1000, "", true), status);
        assertEquals(1000, t.closeCode);
        assertEquals("close 1000 requested", nextEvent());
        assertFalse(client.isOpen());
        assertEquals(status, client.lastCloseStatus());
        assertEquals(status, get(client.closeFuture()));
        assertNull(network.opened.poll(50, TimeUnit.MILLISECONDS));
        assertEquals(1, network.attempts.get());
    }

    @Test
    void serverCloseIsReportedWithCodeAndReason() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = loggedIn(client, "alice");
        CompletableFuture<CloseStatus> closed = client.closeFuture();
        t.serverClose(4000, "kicked");
        assertEquals(new CloseStatus(4000, "kicked", false), get(closed));
        assertEquals("close 4000", nextEvent()); // auto-reconnect is off by default
        assertInstanceOf(ConnectionClosedException.class,
                org.parley.client.TimClientRequestsTest.failure(client.sendMessage("B", "hi")));
    }

    @Test
    void abortDropsTheConnectionWithoutHandshake() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        FakeNetwork.FakeTransport t = loggedIn(client, "alice");
        client.abort();
        assertTrue(t.aborted);
        assertEquals("close 1006 requested", nextEvent());
        assertNull(network.opened.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void connectAgainAfterClose() throws Exception {
        TimClient client = builder().build();
        loggedIn(client, "alice");
        client.close();
        get(client.connect());
        assertTrue(client.isOpen());
        assertEquals(2, network.attempts.get());
    }

    @Test
    void reconnectRepeatsThePasswordLogin() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        FakeNetwork.FakeTransport first = loggedIn(client, "alice");
        first.serverClose(1006, "network");
        assertEquals("close 1006 reconnecting", nextEvent());

        FakeNetwork.FakeTransport second = network.nextConnection();
        TimAuth again = auth(second.nextSent());
        assertEquals(new TimAuth().setName("alice").setPwd("123").setResource("web").setTermtyp((byte) 1), again);
        second.deliver(plain(FrameType.ACK, authOk("N-alice"), false));
        assertEquals("reconnect ok", nextEvent());
        assertTrue(client.isOpen());
        client.close();
    }

    @Test
    void reconnectWithoutLoginJustConnects() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        get(client.connect());
        network.nextConnection().serverClose(1006, "network");
        assertEquals("close 1006 reconnecting", nextEvent());
        FakeNetwork.FakeTransport second = network.nextConnection();
        assertEquals("reconnect no login", nextEvent());
        assertTrue(second.drainSent().isEmpty());
        client.close();
    }

    @Test
    void reconnectRenewsTheTokenWhenThePasswordIsKnown() throws Exception {
        BlockingQueue<List<String>> tokenRequests = new LinkedBlockingQueue<>();
        TimClient client = builder().autoReconnect(true).tokenRenewalPassword("pw")
                .tokenSource((name, pwd, domain) -> {
                    tokenRequests.add(java.util.Arrays.asList(name, pwd, domain));
                    return CompletableFuture.completedFuture("T2");
                }).build();
        get(client.connect());
        FakeNetwork.FakeTransport first = network.nextConnection();
        CompletableFuture<TimAck> login = client.loginByToken("alice", "T1", "dom", "web", 1);
        first.deliver(plain(FrameType.ACK, authOk("N-alice"), false));
        get(login);

        first.serverClose(1006, "network");
        FakeNetwork.FakeTransport second = network.nextConnection();
        assertEquals(new TimAuth().setName("alice").setToken("T2").setDomain("dom").setResource("web")
                .setTermtyp((byte) 1), auth(second.nextSent()));
        assertEquals(java.util.Arrays.asList("alice", "pw", "dom"), tokenRequests.poll(5, TimeUnit.SECONDS));
        client.abort();
    }

    @Test
    void reconnectAfterTokenLoginUsesThePasswordOfAnEarlierLogin() throws Exception {
        TimClient client = builder().autoReconnect(true)
                .tokenSource((name, pwd, domain) -> CompletableFuture.completedFuture("fresh-" + pwd)).build();
        FakeNetwork.FakeTransport first = loggedIn(client, "alice"); // password "123"
        CompletableFuture<TimAck> login = client.loginByToken("alice", "T1", null, "web", 1);
        first.nextSent();
        first.deliver(plain(FrameType.ACK, authOk("N-alice"), false));
        get(login);
        first.serverClose(1006, "network");
        assertEquals("fresh-123", auth(network.nextConnection().nextSent()).getToken());
        client.abort();
    }

    @Test
    void tokenLoginWithUnknownPasswordIsRepeatedAsItWas() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        get(client.connect());
        FakeNetwork.FakeTransport first = network.nextConnection();
        CompletableFuture<TimAck> login = client.loginByToken("alice", "T1", null, "web", 1);
        byte[] original = first.nextSent();
        first.deliver(plain(FrameType.ACK, authOk("N-alice"), false));
        get(login);
        first.serverClose(1006, "network");
        assertArrayEquals(original, network.nextConnection().nextSent());
        client.abort();
    }

    @Test
    void refusedReloginStopsReconnecting() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        loggedIn(client, "alice").serverClose(1006, "network");
        assertEquals("close 1006 reconnecting", nextEvent());
        FakeNetwork.FakeTransport second = network.nextConnection();
        second.nextSent();
        second.deliver(plain(FrameType.ACK, new TimAck().setOk(false).setTimType((byte) 16)
                .setError(new TimError(4111, "over entry")), false));
        assertEquals("reconnect refused", nextEvent());
        assertEquals("close 1000 requested", nextEvent());
        assertNull(network.opened.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void forcedLogoutStopsReconnecting() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        FakeNetwork.FakeTransport t = loggedIn(client, "alice");
        t.deliver(plain(FrameType.ACK, new TimAck().setOk(true).setTimType((byte) FrameType.LOGOUT), false));
        t.serverClose(1006, "closed");
        assertEquals("close 1006", nextEvent());
        assertNull(network.opened.poll(50, TimeUnit.MILLISECONDS));
        // The logout ack itself is in the inbox for the application.
        assertEquals(FrameType.LOGOUT, (int) client.awaitAck(a -> true, Duration.ofSeconds(5)).getTimType());
    }

    @Test
    void reconnectKeepsTryingWhileTheServerIsUnreachable() throws Exception {
        TimClient client = builder().autoReconnect(true).build();
        FakeNetwork.FakeTransport first = loggedIn(client, "alice");
        network.failNext.set(3);
        first.serverClose(1006, "network");
        assertEquals("close 1006 reconnecting", nextEvent());
        FakeNetwork.FakeTransport next = network.nextConnection();
        assertEquals(5, network.attempts.get()); // the first connection, 3 failures, success
        for (int i = 0; i < 3; i++) {
            assertEquals("error IOException", nextEvent());
        }
        next.nextSent();
        next.deliver(plain(FrameType.ACK, authOk("N-alice"), false));
        assertEquals("reconnect ok", nextEvent());
        client.abort();
    }

    @Test
    void closeStopsAPendingReconnect() throws Exception {
        TimClient client = TimClient.builder("ws://localhost:20003/tim").transportFactory(network).listener(recorder)
                .autoReconnect(true).reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(200)).build();
        loggedIn(client, "alice").serverClose(1006, "network");
        assertEquals("close 1006 reconnecting", nextEvent());
        client.close(); // before the 200 ms delay is over
        assertNull(network.opened.poll(400, TimeUnit.MILLISECONDS));
        assertEquals(1, network.attempts.get());
    }
}
