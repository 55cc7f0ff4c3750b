package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.client.TimClientInboundTest.ackRequired;
import static org.parley.client.TimClientInboundTest.message;
import static org.parley.client.TimClientInboundTest.plain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimError;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;

/** Requests that wait for an answer: login, ping, fetchOffline, pull. */
class TimClientRequestsTest {

    static final Duration LONG = Duration.ofSeconds(5);

    private final FakeNetwork network = new FakeNetwork();

    private TimClient.Builder builder() {
        return TimClient.builder("ws://localhost:20003/tim").transportFactory(network).callbackExecutor(Runnable::run);
    }

    private FakeNetwork.FakeTransport connect(TimClient client) throws Exception {
        client.connect().get(5, TimeUnit.SECONDS);
        return network.nextConnection();
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS)).getCause();
    }

    static TimAck authOk(String node) {
        return new TimAck().setOk(true).setTimType((byte) FrameType.AUTH).setN(node).setT(-1234567L).setN2("tag");
    }

    @Test
    void loginCompletesWithTheAuthAckAndRemembersTheNode() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<TimAck> login = client.login("alice", "123", null, "web", 1);
        assertFalse(login.isDone());
        t.deliver(plain(FrameType.ACK, new TimAck().setOk(false).setTimType((byte) 90), false)); // not an AUTH ack
        assertFalse(login.isDone());
        t.deliver(plain(FrameType.ACK, authOk("KrffBZqyqTL"), false));
        assertEquals(authOk("KrffBZqyqTL"), get(login));
        assertEquals("KrffBZqyqTL", client.node());
        // The auth ack answered the login, so it is not in the inbox; the other ack is.
        assertEquals(1, client.inboxSnapshot().size());
        assertTrue(client.expectNothing(f -> f.ack() != null && f.ack().getTimType() == FrameType.AUTH, Duration.ZERO));
    }

    @Test
    void refusedLoginCompletesNormallyWithTheError() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<TimAck> login = client.login("alice", "x", null, "web", 1);
        TimAck refused = new TimAck().setOk(false).setTimType((byte) FrameType.AUTH)
                .setError(new TimError(4105, "permission denied"));
        t.deliver(plain(FrameType.ACK, refused, false));
        assertEquals(refused, get(login));
        assertNull(client.node());
    }

    @Test
    void loginsAreAnsweredInOrder() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<TimAck> first = client.login("alice", "123", null, "web", 1);
        CompletableFuture<TimAck> second = client.loginByToken("alice", "T", null, "web", 1);
        t.deliver(plain(FrameType.ACK, authOk("A"), false));
        t.deliver(plain(FrameType.ACK, new TimAck().setOk(false).setTimType((byte) 16).setError(new TimError(4115, "error token")), false));
        assertTrue(get(first).getOk());
        assertEquals(4115, get(second).getError().getCode());
    }

    @Test
    void loginTimesOut() throws Exception {
        TimClient client = builder().requestTimeout(Duration.ofMillis(50)).build();
        connect(client);
        Throwable e = failure(client.login("alice", "123", null, "web", 1));
        assertInstanceOf(TimeoutException.class, e);
        assertTrue(e.getMessage().contains("login"), e.getMessage());
    }

    @Test
    void pingCompletesOnThePong() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<Void> ping = client.ping();
        assertFalse(ping.isDone());
        t.deliver(new byte[] {FrameType.PING});
        get(ping);
        assertTrue(client.inboxSnapshot().isEmpty());
        t.deliver(new byte[] {FrameType.PING}); // unsolicited ("detect"): goes to the inbox
        assertEquals(FrameType.PING, client.awaitNext(f -> true, LONG).type());
    }

    @Test
    void pingWithoutAnswerTimesOut() throws Exception {
        TimClient client = builder().requestTimeout(Duration.ofMillis(50)).build();
        connect(client);
        assertInstanceOf(TimeoutException.class, failure(client.ping()));
    }

    @Test
    void fetchOfflineAcksEveryBatchAndCollectsAllMessagesInOrder() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> offline = client.fetchOffline();
        assertEquals("11", TimClientFramesTest.hex(t.nextSent()));

        t.deliver(ackRequired(FrameType.OFFLINEMSG, 7,
                new TimMessageList().setId(1L).setMessageList(List.of(message(1, "m1"), message(2, "m2"))), false));
        assertEquals("0c 00 00 00 07", TimClientFramesTest.hex(t.nextSent()));
        t.deliver(ackRequired(FrameType.OFFLINEMSG, 8,
                new TimMessageList().setId(2L).setMessageList(List.of(message(3, "m3"))), false));
        assertEquals("0c 00 00 00 08", TimClientFramesTest.hex(t.nextSent()));
        assertFalse(offline.isDone());
        t.deliver(new byte[] {FrameType.OFFLINEMSGEND});

        assertEquals(List.of(1L, 2L, 3L), get(offline).stream().map(TimMessage::getMid).toList());
        assertTrue(client.inboxSnapshot().isEmpty());
    }

    @Test
    void fetchOfflineOfAnEmptyQueue() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> offline = client.fetchOffline();
        t.deliver(new byte[] {FrameType.OFFLINEMSGEND});
        assertEquals(List.of(), get(offline));
    }

    @Test
    void fetchOfflineAcksBatchesEvenWithoutAutoAck() throws Exception {
        TimClient client = builder().autoAck(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> offline = client.fetchOffline();
        t.nextSent();
        t.deliver(ackRequired(FrameType.OFFLINEMSG, 3, new TimMessageList().setMessageList(List.of(message(1, "x"))), false));
        assertEquals("0c 00 00 00 03", TimClientFramesTest.hex(t.nextSent()));
        // ... but other ack-required frames stay unacknowledged.
        t.deliver(ackRequired(FrameType.MESSAGE, 4, message(2, "live"), false));
        t.deliver(new byte[] {FrameType.OFFLINEMSGEND});
        assertEquals(1, get(offline).size());
        assertTrue(t.drainSent().isEmpty());
        assertEquals(4, client.awaitFrame(FrameType.MESSAGE, LONG).syncId());
    }

    @Test
    void requestOfflineLeavesBatchesInTheInbox() throws Exception {
        TimClient client = builder().autoAck(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        get(client.requestOffline());
        assertEquals("11", TimClientFramesTest.hex(t.nextSent()));
        t.deliver(ackRequired(FrameType.OFFLINEMSG, 3, new TimMessageList().setMessageList(List.of(message(1, "x"))), false));
        Inbound batch = client.awaitFrame(FrameType.OFFLINEMSG, LONG);
        assertEquals(3, batch.syncId());
        assertTrue(t.drainSent().isEmpty()); // not acked
    }

    @Test
    void fetchOfflineTimesOutWithoutEndMarker() throws Exception {
        TimClient client = builder().build();
        connect(client);
        Throwable e = failure(client.fetchOffline(Duration.ofMillis(50)));
        assertInstanceOf(TimeoutException.class, e);
    }

    @Test
    void pullCompletesWithTheList() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> pull = client.pullHistory("B", 0, 20);
        t.deliver(plain(FrameType.PULLMESSAGE,
                new TimMessageList().setMessageList(List.of(message(2, "m2"), message(1, "m1"))), false));
        assertEquals(List.of(2L, 1L), get(pull).stream().map(TimMessage::getMid).toList());
        assertTrue(client.inboxSnapshot().isEmpty());
    }

    @Test
    void pullFailsWithTheErrorAck() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> pull = client.pullHistory("B", 0, 20);
        t.deliver(plain(FrameType.ACK, new TimAck().setOk(false).setTimType((byte) FrameType.PULLMESSAGE)
                .setError(new TimError(4104, "parameter incorrect")), false));
        TimException e = assertInstanceOf(TimException.class, failure(pull));
        assertEquals(4104, e.code());
        assertEquals("parameter incorrect", e.info());
    }

    @Test
    void pullWithoutAnswerIsEmptyAfterTheQuietPeriod() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<List<TimMessage>> pull = client.pull(
                org.parley.client.Requests.history(1, "C", 0, 20), Duration.ofMillis(50));
        assertEquals(List.of(), get(pull));
        // A late answer is not lost: it goes to the inbox.
        t.deliver(plain(FrameType.PULLMESSAGE, new TimMessageList().setMessageList(List.of(message(1, "late"))), false));
        assertEquals(1, client.awaitFrame(FrameType.PULLMESSAGE, LONG).messageList().getMessageList().size());
    }

    @Test
    void pendingRequestsFailWhenTheConnectionCloses() throws Exception {
        TimClient client = builder().build();
        FakeNetwork.FakeTransport t = connect(client);
        CompletableFuture<TimAck> login = client.login("alice", "123", null, "web", 1);
        CompletableFuture<List<TimMessage>> offline = client.fetchOffline();
        t.serverClose(1006, "gone");
        ConnectionClosedException e = assertInstanceOf(ConnectionClosedException.class, failure(login));
        assertEquals(1006, e.status().code());
        assertInstanceOf(ConnectionClosedException.class, failure(offline));
        assertFalse(client.isOpen());
    }

    @Test
    void futuresCompleteOnTheCallbackExecutor() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "test-callbacks"));
        try {
            TimClient client = TimClient.builder("ws://localhost:20003/tim").transportFactory(network)
                    .callbackExecutor(pool).build();
            client.connect().get(5, TimeUnit.SECONDS);
            FakeNetwork.FakeTransport t = network.nextConnection();
            CompletableFuture<String> thread = client.ping().thenApply(v -> Thread.currentThread().getName());
            t.deliver(new byte[] {FrameType.PING});
            assertEquals("test-callbacks", get(thread));
        } finally {
            pool.shutdown();
        }
    }
}
