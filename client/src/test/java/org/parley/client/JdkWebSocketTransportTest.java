package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.client.TimClientFramesTest.hex;
import static org.parley.client.TimClientInboundTest.ackRequired;
import static org.parley.client.TimClientInboundTest.message;
import static org.parley.client.TimClientInboundTest.plain;
import static org.parley.client.TimClientRequestsTest.authOk;
import static org.parley.client.TimClientRequestsTest.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;

/** {@link TimClient} over the real JDK WebSocket, against {@link MiniWebSocketServer}. */
class JdkWebSocketTransportTest {

    static final Duration LONG = Duration.ofSeconds(5);

    private MiniWebSocketServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MiniWebSocketServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TimClient.Builder builder() {
        return TimClient.builder(server.uri());
    }

    @Test
    void handshakeLoginAndFragmentedAckRequiredPush() throws Exception {
        try (TimClient client = builder().build()) {
            get(client.connect());
            MiniWebSocketServer.Peer peer = server.nextPeer();
            assertEquals("/tim", peer.path);
            assertEquals("https://github.com/donnie4w/tim", peer.headers.get("origin"));
            assertTrue(client.isOpen());

            CompletableFuture<TimAck> login = client.login("alice", "123", null, "web", 1);
            assertEquals("10 18 05 61 6c 69 63 65 18 03 31 32 33 28 03 77 65 62 13 01 00", hex(peer.nextMessage()));
            peer.sendBinary(plain(FrameType.ACK, authOk("KrffBZqyqTL"), false));
            assertTrue(get(login).getOk());

            byte[] push = ackRequired(FrameType.MESSAGE, 0x01020304, message(7, "hi"), false);
            peer.sendFragmented(push, 1, 3, 10);
            assertEquals("0c 01 02 03 04", hex(peer.nextMessage()));
            assertEquals(7L, client.awaitMessage(m -> "hi".equals(m.getDataString()), LONG).getMid());
        }
    }

    @Test
    void largeMessagesArriveWhole() throws Exception {
        try (TimClient client = builder().build()) {
            get(client.connect());
            MiniWebSocketServer.Peer peer = server.nextPeer();
            byte[] big = new byte[300_000];
            new java.util.Random(1).nextBytes(big);
            big[0] = FrameType.BIGBINARY;
            peer.sendFragmented(big, 70_000, 140_000);
            Inbound in = client.awaitFrame(FrameType.BIGBINARY, LONG);
            assertArrayEquals(big, in.frame());
        }
    }

    @Test
    void concurrentSendsAreSerialised() throws Exception {
        try (TimClient client = builder().build()) {
            get(client.connect());
            MiniWebSocketServer.Peer peer = server.nextPeer();
            // With the server not reading, the socket buffers fill up and writes stay pending, so
            // later sends are issued while earlier ones are still outstanding (which the JDK
            // WebSocket refuses unless they are queued).
            peer.pauseReading();
            String padding = "x".repeat(64_000);
            List<CompletableFuture<Void>> sends = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 100; i++) {
                        sends.add(client.sendMessage("B", thread + ":" + i + ":" + padding));
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            peer.resumeReading();
            get(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
            Set<String> texts = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                byte[] m = peer.nextMessage();
                assertEquals(FrameType.MESSAGE, m[0]);
                texts.add(ThriftCodec.INSTANCE.decode(m, 1, m.length - 1, TimMessage.class).getDataString());
            }
            assertEquals(400, texts.size());
        }
    }

    @Test
    void serverCloseCodeAndReasonAreReported() throws Exception {
        TimClient client = builder().build();
        get(client.connect());
        MiniWebSocketServer.Peer peer = server.nextPeer();
        CompletableFuture<CloseStatus> closed = client.closeFuture();
        peer.sendClose(4001, "bye");
        assertEquals(new CloseStatus(4001, "bye", false), get(closed));
        assertFalse(client.isOpen());
    }

    @Test
    void clientCloseIsAHandshake() throws Exception {
        TimClient client = builder().build();
        get(client.connect());
        MiniWebSocketServer.Peer peer = server.nextPeer();
        CloseStatus status = get(client.closeAsync());
        assertEquals("1000 ", get(peer.closeReceived));
        assertEquals(1000, status.code());
        assertTrue(status.requested());
    }

    @Test
    void droppedConnectionReconnectsAndLogsInAgain() throws Exception {
        try (TimClient client = builder().autoReconnect(true)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).build()) {
            get(client.connect());
            MiniWebSocketServer.Peer first = server.nextPeer();
            CompletableFuture<TimAck> login = client.login("alice", "123", null, "web", 1);
            byte[] auth = first.nextMessage();
            first.sendBinary(plain(FrameType.ACK, authOk("KrffBZqyqTL"), false));
            get(login);
            CompletableFuture<CloseStatus> closed = client.closeFuture();

            first.drop();
            assertEquals(CloseStatus.ABNORMAL, get(closed).code());
            MiniWebSocketServer.Peer second = server.nextPeer();
            assertArrayEquals(auth, second.nextMessage());
        }
    }

    @Test
    void connectFailsWhenNothingListens() throws Exception {
        java.net.URI nowhere = server.uri();
        server.close();
        TimClient client = TimClient.builder(nowhere).connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<Void> connect = client.connect();
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> get(connect));
        assertFalse(client.isOpen());
        assertEquals(CloseStatus.ABNORMAL, get(client.closeFuture()).code());
    }
}
