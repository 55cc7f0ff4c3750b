package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.it.Users.User;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;

/**
 * Virtual rooms, streams and big data (wire spec §5.9, §5.14, §5.15, §7.13, §7.14) on one node. The deployment
 * allows 64 KiB WebSocket messages and 256 KiB big-data frames, so big data has to be split to get through.
 */
class RealtimeIT extends DeployedNode {

    static final int FRAME_LIMIT = 65536;
    static final int BIG_DATA_LIMIT = 262144;
    static final String ADMIN_TOKEN = "arquillian-admin";

    User newUser(String base) throws Exception {
        return users.newUser(base, false);
    }

    static String createVroom(TimClient founder) throws Exception {
        founder.vroom(new TimReq().setRtype(1));
        TimAck ack = founder.awaitAck(a -> a.getTimType() == FrameType.VROOM && a.getT() == 1, WAIT);
        assertTrue(ack.getOk());
        assertNotNull(ack.getN());
        return ack.getN();
    }

    static void subscribe(TimClient c, String vnode, Long reqInt) throws Exception {
        c.vroom(new TimReq().setRtype(5).setNode(vnode).setReqInt(reqInt));
        TimAck ack = c.awaitAck(a -> a.getTimType() == FrameType.VROOM && a.getT() == 5, WAIT);
        assertTrue(ack.getOk(), ack::toString);
        assertEquals(vnode, ack.getN());
    }

    static byte[] body(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    /** The next stream frame of {@code vnode}, struct or raw, as its body. */
    static byte[] nextStreamBody(TimClient c, String vnode, boolean raw) throws Exception {
        if (raw) {
            BigData d = c.awaitBigData(b -> b.type() == FrameType.BIGBINARYSTREAM && vnode.equals(b.node()), WAIT);
            return d.payload();
        }
        return c.awaitStream(s -> vnode.equals(s.getVNode()), WAIT).getBody();
    }

    @Test
    void aVroomWithAHundredSubscribersGetsEveryStreamFrameInOrder() throws Exception {
        User founder = newUser("founder");
        User viewer = newUser("viewer");
        int subscribers = 100;
        int frames = 40;
        try (TimClient f = users.login(founder.name(), founder.node(), false)) {
            String vnode = createVroom(f);
            List<TimClient> viewers = new ArrayList<>();
            try {
                for (int i = 0; i < subscribers; i++) {
                    TimClient v = users.login(viewer.name(), viewer.node(), i % 2 == 0);
                    viewers.add(v);
                    subscribe(v, vnode, i % 4 == 1 ? 1L : null); // every fourth socket in raw mode
                }
                for (int i = 0; i < frames; i++) {
                    f.stream(new TimStream().setVNode(vnode).setBody(body(i)).setDtype((byte) 3));
                }
                for (int s = 0; s < subscribers; s++) {
                    TimClient v = viewers.get(s);
                    boolean raw = s % 4 == 1;
                    for (int i = 0; i < frames; i++) {
                        assertArrayEquals(body(i), nextStreamBody(v, vnode, raw), "subscriber " + s + ", frame " + i);
                    }
                }
                // The founder did not subscribe: it gets nothing back.
                assertTrue(f.expectNothing(x -> x.type() == FrameType.STREAM || x.bigData() != null, Duration.ofMillis(500)));
            } finally {
                viewers.forEach(TimClient::close);
            }
        }
    }

    @Test
    void onlyTheFounderPushesStructAndRawAndBigStreamFramesReachSubscribersUntilTheyUnsubscribe() throws Exception {
        User alice = newUser("alice");
        User bob = newUser("bob");
        User carol = newUser("carol");
        try (TimClient a = users.login(alice.name(), alice.node(), false);
                TimClient b = users.login(bob.name(), bob.node(), true);
                TimClient c = users.login(carol.name(), carol.node(), false)) {
            String vnode = createVroom(a);
            subscribe(b, vnode, null);
            subscribe(c, vnode, 1L);

            a.stream(new TimStream().setVNode(vnode).setBody(new byte[] {1, 2, 3}).setId(0L).setFromNode(""));
            TimStream got = b.awaitStream(s -> vnode.equals(s.getVNode()), WAIT);
            assertArrayEquals(new byte[] {1, 2, 3}, got.getBody());
            assertEquals(alice.node(), got.getFromNode());
            assertArrayEquals(new byte[] {1, 2, 3}, nextStreamBody(c, vnode, true));

            // Not the founder: 4105 with the vnode, timType 94 (§7.13 step 4).
            b.stream(new TimStream().setVNode(vnode).setBody(new byte[] {9}));
            TimAck refused = b.awaitAck(x -> x.getTimType() == FrameType.STREAM, WAIT);
            assertFalse(refused.getOk());
            assertEquals(4105, refused.getError().getCode());
            assertEquals(vnode, refused.getN());
            assertTrue(c.expectNothing(x -> x.bigData() != null, Duration.ofMillis(300)));

            // Big binary stream (97), prefixed as timjs sends it: the same fan-out.
            a.sendBigData(new BigData(FrameType.BIGBINARYSTREAM, vnode, new byte[] {4, 5}), true);
            assertArrayEquals(new byte[] {4, 5}, b.awaitStream(s -> vnode.equals(s.getVNode()), WAIT).getBody());
            assertArrayEquals(new byte[] {4, 5}, nextStreamBody(c, vnode, true));

            // ADDAUTH is not implemented: refused, with an error (§6.2 item 9); a SUB mode other than 1: 5101.
            a.vroom(new TimReq().setRtype(3).setNode(vnode).setNode2(bob.node()));
            TimAck addAuth = a.awaitAck(x -> x.getTimType() == FrameType.VROOM && x.getT() != null && x.getT() == 3, WAIT);
            assertFalse(addAuth.getOk());
            assertNotNull(addAuth.getError());
            b.vroom(new TimReq().setRtype(5).setNode(vnode).setReqInt(2L));
            assertEquals(5101, b.awaitAck(x -> x.getTimType() == FrameType.VROOM, WAIT).getError().getCode());

            // bob unsubscribes: the next push reaches carol only.
            b.vroom(new TimReq().setRtype(6).setNode(vnode));
            assertTrue(b.awaitAck(x -> x.getTimType() == FrameType.VROOM && x.getT() == 6, WAIT).getOk());
            a.stream(new TimStream().setVNode(vnode).setBody(new byte[] {7}));
            assertArrayEquals(new byte[] {7}, nextStreamBody(c, vnode, true));
            assertTrue(b.expectNothing(x -> x.type() == FrameType.STREAM, Duration.ofMillis(500)));

            // Only the founder removes; afterwards pushes are refused.
            b.vroom(new TimReq().setRtype(2).setNode(vnode));
            assertFalse(b.awaitAck(x -> x.getTimType() == FrameType.VROOM && x.getT() == 2, WAIT).getOk());
            a.vroom(new TimReq().setRtype(2).setNode(vnode));
            assertTrue(a.awaitAck(x -> x.getTimType() == FrameType.VROOM && x.getT() == 2, WAIT).getOk());
            a.stream(new TimStream().setVNode(vnode).setBody(new byte[] {8}));
            assertEquals(4105, a.awaitAck(x -> x.getTimType() == FrameType.STREAM, WAIT).getError().getCode());
        }
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotStopTheOthers() throws Exception {
        User founder = newUser("live");
        User viewer = newUser("watcher");
        long droppedBefore = cluster().getJsonNumber("streamFramesDropped").longValue();
        try (TimClient f = users.login(founder.name(), founder.node(), false);
                TimClient fast = users.login(viewer.name(), viewer.node(), false)) {
            String vnode = createVroom(f);
            subscribe(fast, vnode, 1L);
            try (StalledSocket stalled = new StalledSocket(users.ws(), viewer.name(), Users.PASSWORD, vnode)) {
                // 2,000 frames of 16 KiB: far more than the stalled socket's TCP buffers and drop threshold hold.
                int frames = 2000;
                byte[] payload = new byte[16 * 1024];
                for (int i = 0; i < frames; i++) {
                    System.arraycopy(body(i), 0, payload, 0, 4);
                    f.stream(new TimStream().setVNode(vnode).setBody(payload.clone()));
                }
                for (int i = 0; i < frames; i++) {
                    byte[] got = nextStreamBody(fast, vnode, true);
                    assertArrayEquals(body(i), Arrays.copyOf(got, 4), "frame " + i);
                }
                long dropped = cluster().getJsonNumber("streamFramesDropped").longValue() - droppedBefore;
                assertTrue(dropped > 0, "the stalled socket's frames are dropped, not queued without bound");
                assertFalse(stalled.closedByServer(), "dropping stream frames does not disconnect the socket");
            }
        }
    }

    @Test
    void bigStringAndBigBinarySplitOverSeveralMessagesArriveWhole() throws Exception {
        User alice = newUser("alice");
        User bob = newUser("bob");
        users.befriend(alice.name(), alice.node(), bob.name(), bob.node()); // big data needs what a message needs
        try (TimClient a = users.login(alice.name(), alice.node(), false);
                TimClient b = users.login(bob.name(), bob.node(), true)) {
            // 150,000 characters: more than two 64 KiB WebSocket messages.
            String text = "big text ".repeat(16_667).substring(0, 150_000) + "é";
            sendInParts(b, new BigData(FrameType.BIGSTRING, alice.node(), text.getBytes(StandardCharsets.UTF_8)).toPrefixedFrame(true));
            BigData got = a.awaitBigData(d -> d.type() == FrameType.BIGSTRING, WAIT);
            assertEquals(bob.node(), got.node());
            assertEquals(text, got.text());

            byte[] binary = new byte[200_000];
            new java.util.Random(7).nextBytes(binary);
            sendInParts(a, new BigData(FrameType.BIGBINARY, bob.node(), binary).toPrefixedFrame(false));
            BigData bin = b.awaitBigData(d -> d.type() == FrameType.BIGBINARY, WAIT);
            assertEquals(alice.node(), bin.node());
            assertArrayEquals(binary, bin.payload());

            // atim's and timgo's unprefixed form, and a big string as a 1:1 message of odType 6.
            a.sendBigData(new BigData(FrameType.BIGSTRING, bob.node(), "plain".getBytes(StandardCharsets.UTF_8)), false);
            assertEquals("plain", b.awaitBigData(d -> d.type() == FrameType.BIGSTRING, WAIT).text());
            a.send(new TimMessage().setMsType((byte) 2).setOdType((byte) 6).setToTid(new Tid(bob.node())).setDataString("as a message"));
            BigData asMessage = b.awaitBigData(d -> d.type() == FrameType.BIGSTRING, WAIT);
            assertEquals(alice.node(), asMessage.node());
            assertEquals("as a message", asMessage.text());
            // Never echoed, never stored.
            assertTrue(a.expectNothing(x -> x.bigData() != null, Duration.ofMillis(300)));
        }
    }

    @Test
    void anOversizeOrMisaddressedBigDataFrameIsRefusedAndNothingElseBreaks() throws Exception {
        User alice = newUser("alice");
        User bob = newUser("bob");
        users.befriend(alice.name(), alice.node(), bob.name(), bob.node()); // big data needs what a message needs
        try (TimClient a = users.login(alice.name(), alice.node(), false);
                TimClient b = users.login(bob.name(), bob.node(), true)) {
            byte[] tooBig = new BigData(FrameType.BIGBINARY, bob.node(), new byte[BIG_DATA_LIMIT + 1]).toPrefixedFrame(false);
            sendInParts(a, tooBig);
            TimAck refused = a.awaitAck(x -> x.getTimType() == FrameType.BIGBINARY, WAIT);
            assertFalse(refused.getOk());
            assertEquals(4114, refused.getError().getCode());
            assertTrue(b.expectNothing(x -> x.bigData() != null, Duration.ofMillis(300)));

            // A length prefix smaller than the frame: 4114 (§7.14 step 2).
            byte[] shortPrefix = new BigData(FrameType.BIGSTRING, bob.node(), "x".getBytes(StandardCharsets.UTF_8)).toPrefixedFrame(false);
            shortPrefix[4] = 6;
            a.sendRaw(shortPrefix);
            assertEquals(4114, a.awaitAck(x -> x.getTimType() == FrameType.BIGBINARY, WAIT).getError().getCode());

            // To a user who does not exist: 4106 with the frame's type.
            a.sendBigData(new BigData(FrameType.BIGSTRING, "1111111111", new byte[] {1}), true);
            TimAck unknown = a.awaitAck(x -> x.getTimType() == FrameType.BIGSTRING, WAIT);
            assertEquals(4106, unknown.getError().getCode());

            // The socket is fine: messages, pings and big data go on.
            a.sendMessage(bob.node(), "still here");
            b.awaitMessage(m -> "still here".equals(m.getDataString()), WAIT);
            a.ping().get(15, TimeUnit.SECONDS);
            a.sendBigBinary(bob.node(), new byte[] {42});
            assertArrayEquals(new byte[] {42}, b.awaitBigData(d -> d.type() == FrameType.BIGBINARY, WAIT).payload());
        }
    }

    /**
     * Friends see each other: PRESENCE to a friend arrives addressed to them with the sender set by the server,
     * BROADPRESENCE reaches every friend, "invisible" makes the user look offline, and when the user's last device
     * goes the friend gets an automatic offline presence. A stranger on the same node gets none of it.
     */
    @Test
    void friendsGetPresenceBroadcastsInvisibilityAndTheLastDeviceGoingOffline() throws Exception {
        User alice = newUser("alice");
        User bob = newUser("bob");
        User carol = newUser("carol");
        users.befriend(alice.name(), alice.node(), bob.name(), bob.node());
        try (TimClient b = users.login(bob.name(), bob.node(), true);
                TimClient c = users.login(carol.name(), carol.node(), false)) {
            TimClient a = users.login(alice.name(), alice.node(), false);
            TimClient a2 = users.login(alice.name(), alice.node(), true); // a second device of alice
            a.presence(new org.parley.protocol.TimPresence().setToTid(new Tid(bob.node())).setShow((short) 2)
                    .setStatus("busy").setFromTid(new Tid(carol.node()))); // a forged sender is replaced
            org.parley.protocol.TimPresence p = b.awaitPresence(x -> "busy".equals(x.getStatus()), WAIT);
            assertEquals(alice.node(), p.getFromTid().getNode());
            assertEquals(bob.node(), p.getToTid().getNode());

            a.broadPresence(new org.parley.protocol.TimPresence().setStatus("online"));
            assertEquals(alice.node(), b.awaitPresence(x -> "online".equals(x.getStatus()), WAIT).getFromTid().getNode());

            a.broadPresence(new org.parley.protocol.TimPresence().setStatus("invisible"));
            assertTrue(b.awaitPresence(x -> Boolean.TRUE.equals(x.getOffline()), WAIT).getOffline());

            a.close();
            assertTrue(b.expectNothing(x -> x.type() == FrameType.PRESENCE, Duration.ofMillis(500)),
                    "alice still has a device online");
            a2.close();
            org.parley.protocol.TimPresence gone = b.awaitPresence(x -> Boolean.TRUE.equals(x.getOffline()), WAIT);
            assertEquals(alice.node(), gone.getFromTid().getNode());
            assertTrue(c.expectNothing(x -> x.type() == FrameType.PRESENCE, Duration.ofMillis(500)));
        }
    }

    /** A friend who blocks the user gets none of their presence any more, the automatic offline one included. */
    @Test
    void aBlockingFriendGetsNoPresence() throws Exception {
        User alice = newUser("alice");
        User bob = newUser("bob");
        users.befriend(alice.name(), alice.node(), bob.name(), bob.node());
        try (TimClient b = users.login(bob.name(), bob.node(), true)) {
            b.business(new TimReq().setRtype(7).setNode(alice.node()));
            assertTrue(b.awaitAck(x -> x.getTimType() == FrameType.BUSINESS && x.getT() != null && x.getT() == 7, WAIT).getOk());
            try (TimClient a = users.login(alice.name(), alice.node(), false)) {
                a.broadPresence(new org.parley.protocol.TimPresence().setStatus("online"));
                a.presence(new org.parley.protocol.TimPresence().setToTid(new Tid(bob.node())).setStatus("direct"));
                a.ping().get(15, TimeUnit.SECONDS); // both presences were handled before the ping's answer
            }
            assertTrue(b.expectNothing(x -> x.type() == FrameType.PRESENCE, Duration.ofSeconds(1)));
        }
    }

    /**
     * Presence goes to friends only: a stranger gets nothing from PRESENCE, BROADPRESENCE or a disconnect, and an
     * unknown target is still 4106 (§7.10 step 5).
     */
    @Test
    void strangersGetNoPresenceAndUnknownTargetsAreRefused() throws Exception {
        User alice = newUser("alice");
        User carol = newUser("carol");
        try (TimClient c = users.login(carol.name(), carol.node(), true)) {
            try (TimClient a = users.login(alice.name(), alice.node(), false)) {
                a.presence(new org.parley.protocol.TimPresence().setToTid(new Tid(carol.node())).setSubStatus((byte) 1)
                        .setShow((short) 1).setStatus("busy"));
                a.broadPresence(new org.parley.protocol.TimPresence().setSubStatus((byte) 1).setStatus("online"));
                a.presence(new org.parley.protocol.TimPresence().setToTid(new Tid("1111111111")));
                assertEquals(4106, a.awaitAck(x -> x.getTimType() == FrameType.PRESENCE, WAIT).getError().getCode());
            }
            assertTrue(c.expectNothing(x -> x.type() == FrameType.PRESENCE, Duration.ofSeconds(1)));
        }
    }

    /** Sends one frame as consecutive WebSocket messages of at most the node's message limit. */
    static void sendInParts(TimClient c, byte[] frame) throws Exception {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int from = 0; from < frame.length; from += FRAME_LIMIT) {
            sent.add(c.sendRaw(Arrays.copyOfRange(frame, from, Math.min(frame.length, from + FRAME_LIMIT))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    }

    JsonObject cluster() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + base.getHost() + ":" + base.getPort() + "/api/cluster"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
