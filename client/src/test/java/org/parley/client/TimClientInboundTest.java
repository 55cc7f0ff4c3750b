package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimError;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;
import org.parley.protocol.TimUserBean;
import org.parley.protocol.WireCodec;

/** Inbound frames: acks first, decoding by type, the listener and the inbox. */
class TimClientInboundTest {

    static final Duration SHORT = Duration.ofMillis(100);
    static final Duration LONG = Duration.ofSeconds(5);

    private final FakeNetwork network = new FakeNetwork();

    private TimClient.Builder builder(boolean json) {
        return TimClient.builder("ws://localhost:20003/tim").json(json).transportFactory(network)
                .callbackExecutor(Runnable::run);
    }

    private FakeNetwork.FakeTransport connect(TimClient client) throws Exception {
        client.connect().get(5, TimeUnit.SECONDS);
        return network.nextConnection();
    }

    static byte[] plain(int type, TimStruct<?> body, boolean json) {
        return ServerFrame.plain(type, body == null ? null : WireCodec.of(json).encode(body));
    }

    static byte[] ackRequired(int type, int syncId, TimStruct<?> body, boolean json) {
        return ServerFrame.ackRequired(type, syncId, WireCodec.of(json).encode(body));
    }

    static TimMessage message(long mid, String text) {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setMid(mid).setId(mid * 100)
                .setFromTid(new Tid("KrffBZqyqTL")).setToTid(new Tid("ZD9HTVV1Jca")).setDataString(text);
    }

    @Test
    void ackRequiredFrameIsAckedBeforeItIsHandled() throws Exception {
        TimClient client = builder(false).listener(new TimListener() {
            @Override
            public void onFrame(Inbound frame) {
                network.log.add("frame " + FrameType.name(frame.type()));
            }
        }).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(ackRequired(FrameType.MESSAGE, 5, message(7, "hi"), false));
        assertEquals(List.of("sent 0c00000005", "frame MESSAGE"), network.log);
        TimMessage m = client.awaitMessage(x -> "hi".equals(x.getDataString()), LONG);
        assertEquals(7L, m.getMid());
    }

    @Test
    void ackIsSentEvenIfTheBodyCannotBeDecoded() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(new byte[] {(byte) 0xDA, 0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF});
        assertEquals("0c 00 00 01 00", TimClientFramesTest.hex(t.nextSent()));
        Inbound in = client.awaitFrame(FrameType.MESSAGE, LONG);
        assertNotNull(in.error());
        assertTrue(in.ackRequired());
        assertEquals(256, in.syncId());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, in.bytes());
    }

    @Test
    void jsonClientAcksWith0x8CAndDecodesJson() throws Exception {
        TimClient client = builder(true).build();
        FakeNetwork.FakeTransport t = connect(client);
        byte[] push = ServerFrame.ackRequired(FrameType.MESSAGE, 5,
                "{\"msType\":2,\"odType\":1,\"id\":42,\"mid\":7,\"dataString\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        t.deliver(push);
        assertEquals("8c 00 00 00 05", TimClientFramesTest.hex(t.nextSent()));
        Inbound in = client.awaitNext(f -> f.is(FrameType.MESSAGE), LONG);
        assertEquals(42L, in.message().getId());
        assertSame(push, in.frame());
    }

    @Test
    void withoutAutoAckNothingIsAckedUntilAsked() throws Exception {
        TimClient client = builder(false).autoAck(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(ackRequired(FrameType.MESSAGE, 9, message(1, "x"), false));
        Inbound in = client.awaitFrame(FrameType.MESSAGE, LONG);
        assertTrue(t.drainSent().isEmpty());
        client.ack(in).get(5, TimeUnit.SECONDS);
        assertEquals("0c 00 00 00 09", TimClientFramesTest.hex(t.nextSent()));
    }

    @Test
    void plainFramesAreNotAcked() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(plain(FrameType.MESSAGE, message(1, "echo"), false));
        Inbound in = client.awaitFrame(FrameType.MESSAGE, LONG);
        assertFalse(in.ackRequired());
        assertEquals(0, in.syncId());
        assertTrue(t.drainSent().isEmpty());
    }

    @Test
    void everyFrameTypeIsDecoded() throws Exception {
        for (boolean json : new boolean[] {false, true}) {
            TimClient client = builder(json).build();
            FakeNetwork.FakeTransport t = connect(client);

            TimAck ack = new TimAck().setOk(false).setTimType((byte) 90).setError(new TimError(4105, "permission denied"));
            t.deliver(plain(FrameType.ACK, ack, json));
            assertEquals(ack, client.awaitAck(a -> a.getTimType() == 90, LONG));

            TimPresence presence = new TimPresence().setId(42L).setOffline(true).setFromTid(new Tid("A"))
                    .setToTid(new Tid("B"));
            t.deliver(plain(FrameType.PRESENCE, presence, json));
            assertEquals(presence, client.awaitPresence(p -> Boolean.TRUE.equals(p.getOffline()), LONG));

            TimNodes nodes = new TimNodes().setNtype(4).setUsermap(Map.of("A", new TimUserBean().setName("Alice")));
            t.deliver(plain(FrameType.NODES, nodes, json));
            assertEquals(nodes, client.awaitNodes(n -> n.getNtype() == 4, LONG));

            TimStream stream = new TimStream().setId(1L).setVNode("V").setFromNode("A").setBody(new byte[] {1, 2, 3});
            t.deliver(plain(FrameType.STREAM, stream, json));
            assertEquals(stream, client.awaitStream(s -> "V".equals(s.getVNode()), LONG));

            TimMessageList list = new TimMessageList().setId(5L).setMessageList(List.of(message(1, "a")));
            t.deliver(ackRequired(FrameType.OFFLINEMSG, 3, list, json));
            Inbound offline = client.awaitFrame(FrameType.OFFLINEMSG, LONG);
            assertEquals(list, offline.messageList());
            assertTrue(offline.ackRequired());

            t.deliver(plain(FrameType.PULLMESSAGE, new TimMessageList().setMessageList(List.of(message(2, "b"))), json));
            assertEquals(2L, client.awaitFrame(FrameType.PULLMESSAGE, LONG).messageList().getMessageList().get(0).getMid());

            t.deliver(new byte[] {FrameType.PING});
            Inbound ping = client.awaitFrame(FrameType.PING, LONG);
            assertNull(ping.payload());
            t.deliver(new byte[] {FrameType.OFFLINEMSGEND});
            assertNull(client.awaitFrame(FrameType.OFFLINEMSGEND, LONG).payload());

            // Big data is raw in both modes (§5.15).
            byte[] big = new BigData(FrameType.BIGBINARY, "B", new byte[] {(byte) 0x83, 4}).toFrame();
            t.deliver(big);
            Inbound bigIn = client.awaitFrame(FrameType.BIGBINARY, LONG);
            assertArrayEquals(java.util.Arrays.copyOfRange(big, 1, big.length), bigIn.bytes());
            assertEquals("B", bigIn.bigData().node());
            assertArrayEquals(new byte[] {(byte) 0x83, 4}, bigIn.bigData().payload());
            t.deliver(new BigData(FrameType.BIGSTRING, "B", "text|x".getBytes(StandardCharsets.UTF_8)).toFrame());
            assertEquals("text|x", client.awaitBigData(d -> d.type() == FrameType.BIGSTRING, LONG).text());

            t.deliver(new byte[] {20, 1, 2});
            assertArrayEquals(new byte[] {1, 2}, client.awaitFrame(FrameType.LOGOUT, LONG).bytes());

            assertEquals(0, client.inboxSnapshot().size(), "json=" + json);
        }
    }

    @Test
    void emptyMessageIsReportedAsTypeMinusOne() throws Exception {
        TimClient client = builder(false).build();
        connect(client).deliver(new byte[0]);
        Inbound in = client.awaitNext(f -> true, LONG);
        assertEquals(-1, in.type());
        assertNotNull(in.error());
    }

    @Test
    void awaitNextConsumesOnlyTheFirstMatchAndKeepsOrder() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(plain(FrameType.MESSAGE, message(1, "one"), false));
        t.deliver(plain(FrameType.MESSAGE, message(2, "two"), false));
        t.deliver(plain(FrameType.MESSAGE, message(3, "one"), false));
        assertEquals(1L, client.awaitMessage(m -> "one".equals(m.getDataString()), LONG).getMid());
        assertEquals(3L, client.awaitMessage(m -> "one".equals(m.getDataString()), LONG).getMid());
        List<Inbound> rest = client.drainInbox();
        assertEquals(1, rest.size());
        assertEquals(2L, rest.get(0).message().getMid());
        assertTrue(client.inboxSnapshot().isEmpty());
    }

    @Test
    void awaitTimesOutWithADescriptionOfTheInbox() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(plain(FrameType.MESSAGE, message(1, "other"), false));
        TimeoutException e = assertThrows(TimeoutException.class,
                () -> client.awaitMessage(m -> "hi".equals(m.getDataString()), SHORT));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
        assertEquals(1, client.inboxSnapshot().size());
    }

    @Test
    void awaitWakesUpWhenAFrameArrivesFromAnotherThread() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        Thread server = new Thread(() -> t.deliver(plain(FrameType.MESSAGE, message(1, "late"), false)));
        server.start();
        assertEquals(1L, client.awaitMessage(m -> "late".equals(m.getDataString()), LONG).getMid());
        server.join();
    }

    @Test
    void expectNothing() throws Exception {
        TimClient client = builder(false).build();
        FakeNetwork.FakeTransport t = connect(client);
        assertTrue(client.expectNothing(f -> true, SHORT));
        t.deliver(plain(FrameType.MESSAGE, message(1, "x"), false));
        assertTrue(client.expectNothing(f -> f.is(FrameType.ACK), SHORT));
        assertFalse(client.expectNothing(f -> f.is(FrameType.MESSAGE), LONG)); // already there: returns at once
        assertEquals(1, client.inboxSnapshot().size()); // and left in place
        client.clearInbox();
        assertTrue(client.inboxSnapshot().isEmpty());
    }

    @Test
    void inboxCanBeTurnedOff() throws Exception {
        TimClient client = builder(false).inbox(false).build();
        connect(client).deliver(plain(FrameType.MESSAGE, message(1, "x"), false));
        assertTrue(client.inboxSnapshot().isEmpty());
    }

    @Test
    void listenerExceptionsDoNotStopTheClient() throws Exception {
        TimClient client = builder(false).listener(new TimListener() {
            @Override
            public void onFrame(Inbound frame) {
                throw new IllegalStateException("boom");
            }
        }).build();
        FakeNetwork.FakeTransport t = connect(client);
        t.deliver(ackRequired(FrameType.MESSAGE, 1, message(1, "x"), false));
        assertEquals("0c 00 00 00 01", TimClientFramesTest.hex(t.nextSent()));
        assertInstanceOf(TimMessage.class, client.awaitFrame(FrameType.MESSAGE, LONG).payload());
    }
}
