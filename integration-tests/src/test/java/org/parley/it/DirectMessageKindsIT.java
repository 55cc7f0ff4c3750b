package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.RosterFlowIT.assertError;
import static org.parley.it.Users.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;

/**
 * The kinds of 1:1 messages (wire spec §5.12, §7.5, §7.9) and who may send them: revoke and burn (history and
 * offline queues cleaned), business and user-defined kinds (relayed and queued, not stored), streams (online
 * devices only), and the authorisation matrix of every 1:1 operation against a stranger and a blocked user.
 * alice uses Thrift (atim), bob JSON (timjs).
 */
class DirectMessageKindsIT extends DeployedNode {

    private static final Duration QUIET = Duration.ofMillis(800);

    private String aliceName;
    private String alice;
    private String bobName;
    private String bob;
    private String carolName;
    private String carol;

    @BeforeEach
    void setUp() throws Exception {
        aliceName = Users.uniqueName("alice");
        bobName = Users.uniqueName("bob");
        carolName = Users.uniqueName("carol");
        alice = users.register(aliceName, false);
        bob = users.register(bobName, true);
        carol = users.register(carolName, false);
        users.befriend(aliceName, alice, bobName, bob);
    }

    /** §7.5 negatives, and the client-supplied ToList that tim v2 honoured (a hole): it reaches nobody. */
    @Test
    void strangersAndBadTargetsAreRefusedAndToListIsIgnored() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false);
                TimClient b = users.login(bobName, bob, true);
                TimClient c = users.login(carolName, carol, false)) {
            c.sendMessage(alice, "hi, stranger");
            assertError(c, FrameType.MESSAGE, ErrorCode.PERMISSION_DENIED);
            a.send(new TimMessage().setMsType((byte) 1).setOdType((byte) 1).setToTid(new Tid(bob)).setDataString("sys"));
            assertError(a, FrameType.MESSAGE, ErrorCode.PARAMETER_INCORRECT);
            a.sendMessage("zzz", "nobody");
            assertError(a, FrameType.MESSAGE, ErrorCode.ACCOUNT_INCORRECT);
            b.sendRaw(ClientFrame.build(FrameType.MESSAGE, true, "{\"msType\":2,".getBytes()));
            assertError(b, FrameType.MESSAGE, ErrorCode.FORMAT_ERROR);

            TimMessage fanOut = new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid(bob))
                    .setDataString("only for bob").setToList(List.of(carol, bob));
            a.send(fanOut);
            long mid = a.awaitMessage(m -> "only for bob".equals(m.getDataString()), WAIT).getMid();
            assertEquals(mid, b.awaitMessage(m -> "only for bob".equals(m.getDataString()), WAIT).getMid());
            assertTrue(c.expectNothing(f -> f.message() != null, QUIET), "ToList must not reach carol");
            assertTrue(a.expectNothing(f -> f.type() == FrameType.ACK, Duration.ZERO), "success is silent");
        }
    }

    /** §7.9: revoke by the author, burn by the reader, both sides told, history cleaned, and the refusals. */
    @Test
    void revokeAndBurnRemoveMessagesAndTellBothSides() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            List<Long> mids = new ArrayList<>();
            for (String text : List.of("m1", "m2", "m3")) {
                a.sendMessage(bob, text);
                mids.add(a.awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid());
                b.awaitMessage(m -> text.equals(m.getDataString()), WAIT);
            }
            long m1 = mids.get(0);
            long m2 = mids.get(1);
            long m3 = mids.get(2);

            a.revoke(bob, m1);
            Inbound own = a.awaitNext(f -> f.message() != null && f.message().getOdType() == 2, WAIT);
            assertTrue(own.ackRequired(), "the revoker's devices get an ack-required copy");
            assertEquals(m1, own.message().getMid());
            assertEquals(alice, own.message().getFromTid().getNode());
            assertEquals(bob, own.message().getToTid().getNode());
            Inbound theirs = b.awaitNext(f -> f.message() != null && f.message().getOdType() == 2, WAIT);
            assertTrue(theirs.ackRequired());
            assertEquals(m1, theirs.message().getMid());
            assertEquals(own.message().getId(), theirs.message().getId());
            TimAck v1 = a.awaitAck(x -> x.getTimType() == FrameType.REVOKEMESSAGE, WAIT);
            assertTrue(v1.getOk());
            assertEquals(2L, v1.getT());
            assertEquals(bob, v1.getN());
            assertEquals(m1, v1.getT2());
            assertEquals(List.of(m3, m2), mids(a.pullHistory(bob, 0, 10)));

            a.revoke(bob, m1);
            assertError(a, FrameType.REVOKEMESSAGE, ErrorCode.PARAMETER_INCORRECT);
            b.revoke(alice, m2); // alice wrote it
            assertError(b, FrameType.REVOKEMESSAGE, ErrorCode.PERMISSION_DENIED);
            a.sendFrame(FrameType.REVOKEMESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 2).setToTid(new Tid(bob)));
            assertError(a, FrameType.REVOKEMESSAGE, ErrorCode.PARAMETER_INCORRECT);

            b.burn(alice, m2);
            Inbound burned = b.awaitNext(f -> f.message() != null && f.message().getOdType() == 3, WAIT);
            assertTrue(burned.ackRequired());
            assertEquals(m2, burned.message().getMid());
            Inbound told = a.awaitNext(f -> f.message() != null && f.message().getOdType() == 3, WAIT);
            assertTrue(told.ackRequired());
            assertEquals(m2, told.message().getMid());
            assertEquals(bob, told.message().getFromTid().getNode());
            assertEquals(List.of(m3), mids(b.pullHistory(alice, 0, 10)));

            a.burn(bob, m3); // her own message: only the reader burns
            assertError(a, FrameType.BURNMESSAGE, ErrorCode.PERMISSION_DENIED);
            b.burn(alice, m2);
            assertError(b, FrameType.BURNMESSAGE, ErrorCode.PARAMETER_INCORRECT);
            assertEquals(List.of(m3), mids(a.pullHistory(bob, 0, 10)));
        }
    }

    /**
     * A message revoked or burned before its recipient came online is not delivered later: its queue entry goes
     * with it, and the revoke notice that is delivered keeps the real mid (tim v2 zeroes it: §3.3 quirk).
     */
    @Test
    void revokedAndBurnedMessagesLeaveTheOfflineQueue() throws Exception {
        long gone;
        long kept;
        long burned;
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.sendMessage(bob, "oops");
            gone = a.awaitMessage(m -> "oops".equals(m.getDataString()), WAIT).getMid();
            a.sendMessage(bob, "fine");
            kept = a.awaitMessage(m -> "fine".equals(m.getDataString()), WAIT).getMid();
            a.sendMessage(bob, "read once");
            burned = a.awaitMessage(m -> "read once".equals(m.getDataString()), WAIT).getMid();
            a.revoke(bob, gone);
            a.awaitAck(x -> x.getTimType() == FrameType.REVOKEMESSAGE && x.getOk(), WAIT);
        }
        try (TimClient b = users.login(bobName, bob, true)) {
            // bob burns from what he saw elsewhere (history), before fetching his queue.
            assertEquals(List.of(burned, kept), mids(b.pullHistory(alice, 0, 10)));
            b.burn(alice, burned);
            b.awaitNext(f -> f.message() != null && f.message().getOdType() == 3, WAIT);
            List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
            List<TimMessage> normal = offline.stream().filter(m -> m.getOdType() == 1).toList();
            assertEquals(List.of(kept), mids(normal), "neither the revoked nor the burned message is delivered");
            TimMessage revoke = offline.stream().filter(m -> m.getOdType() == 2).findFirst().orElseThrow();
            assertEquals(gone, revoke.getMid(), "the offline revoke names the message it revokes");
            assertTrue(revoke.getIsOffline());
            assertTrue(b.fetchOffline().get(15, TimeUnit.SECONDS).isEmpty(), "no orphan entries left behind");
        }
    }

    /** Business (4) and user-defined kinds (31+): relayed ack-required with everything intact, queued, not stored. */
    @Test
    void businessAndUserDefinedKindsAreRelayedAndQueuedButNotStored() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            a.send(custom(4, "business").setBnType(77));
            Inbound business = b.awaitNext(f -> f.message() != null && "business".equals(f.message().getDataString()), WAIT);
            assertTrue(business.ackRequired());
            assertIntact(business.message(), 4);
            assertEquals(77, business.message().getBnType());

            a.send(custom(40, "own kind"));
            Inbound own = b.awaitNext(f -> f.message() != null && "own kind".equals(f.message().getDataString()), WAIT);
            assertTrue(own.ackRequired());
            assertIntact(own.message(), 40);
            assertTrue(a.expectNothing(f -> f.message() != null, QUIET), "no echo for relayed kinds");

            for (int reserved : new int[] {8, 30}) {
                a.send(custom(reserved, "reserved"));
                assertError(a, FrameType.MESSAGE, ErrorCode.PARAMETER_INCORRECT);
            }
            assertTrue(b.expectNothing(f -> f.message() != null && "reserved".equals(f.message().getDataString()), QUIET));
        }
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.send(custom(31, "while away"));
            assertTrue(a.pull(new TimReq().setRtype(1).setNode(bob).setReqInt(0L).setReqInt2(10L), QUIET)
                    .get(15, TimeUnit.SECONDS).isEmpty(), "relayed kinds are not kept in history");
        }
        try (TimClient b = users.login(bobName, bob, true)) {
            List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
            assertEquals(1, offline.size(), offline::toString);
            assertIntact(offline.get(0), 31);
            assertNotNull(offline.get(0).getId(), "queued kinds keep their id");
        }
    }

    /** Streams (5) go to the peer's online devices as plain frames, and nowhere else. */
    @Test
    void streamsReachOnlyOnlineDevicesAndAreNeitherStoredNorQueued() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            a.send(custom(5, "ring ring"));
            Inbound live = b.awaitNext(f -> f.message() != null && "ring ring".equals(f.message().getDataString()), WAIT);
            assertFalse(live.ackRequired(), "streams are fire and forget");
            assertIntact(live.message(), 5);
            assertTrue(a.expectNothing(f -> f.message() != null, QUIET), "no echo");
        }
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.send(custom(5, "nobody home"));
            a.ping().get(15, TimeUnit.SECONDS); // the stream was handled before this answer
            assertTrue(a.expectNothing(f -> f.type() == FrameType.ACK, Duration.ZERO), "dropping is not an error");
        }
        try (TimClient b = users.login(bobName, bob, true)) {
            assertTrue(b.fetchOffline().get(15, TimeUnit.SECONDS).isEmpty());
            assertTrue(b.pull(new TimReq().setRtype(1).setNode(alice).setReqInt(0L).setReqInt2(10L), QUIET)
                    .get(15, TimeUnit.SECONDS).isEmpty());
        }
    }

    /**
     * Every 1:1 operation towards alice, tried by carol (a stranger) and by bob after alice blocked him: each is
     * refused with tim's code, reaches alice not at all, and changes nothing she can see.
     */
    @Test
    void strangersAndBlockedUsersCanDoNothingToAUser() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false);
                TimClient b = users.login(bobName, bob, true);
                TimClient c = users.login(carolName, carol, false)) {
            a.sendMessage(bob, "from alice");
            long byAlice = a.awaitMessage(m -> "from alice".equals(m.getDataString()), WAIT).getMid();
            b.sendMessage(alice, "from bob");
            long byBob = b.awaitMessage(m -> "from bob".equals(m.getDataString()), WAIT).getMid();
            a.awaitMessage(m -> "from bob".equals(m.getDataString()), WAIT);
            a.business(new TimReq().setRtype(7).setNode(bob));
            a.awaitAck(x -> x.getTimType() == FrameType.BUSINESS && x.getOk(), WAIT);
            b.awaitMessage(m -> Users.isNotice(m, 7, alice), WAIT);

            c.business(new TimReq().setRtype(6).setNode(alice));
            assertError(c, FrameType.BUSINESS, ErrorCode.PARAMETER_INCORRECT); // a stranger has no relation to remove

            for (TimClient intruder : List.of(b, c)) {
                long ownMid = intruder == b ? byBob : byAlice; // carol has no message of her own with alice
                attempt(intruder, FrameType.MESSAGE, custom(1, "let me talk").setToTid(new Tid(alice)), ErrorCode.PERMISSION_DENIED);
                attempt(intruder, FrameType.REVOKEMESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 2)
                        .setMid(ownMid).setToTid(new Tid(alice)), ErrorCode.PERMISSION_DENIED);
                attempt(intruder, FrameType.BURNMESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 3)
                        .setMid(byAlice).setToTid(new Tid(alice)), ErrorCode.PERMISSION_DENIED);
                for (int kind : new int[] {4, 5, 31}) {
                    attempt(intruder, FrameType.MESSAGE, custom(kind, "sneak").setToTid(new Tid(alice)), ErrorCode.PERMISSION_DENIED);
                }
                attempt(intruder, FrameType.BUSINESS, new TimReq().setRtype(4).setNode(alice).setReqStr("friends?"),
                        intruder == b ? ErrorCode.BLOCKED_OBJECT : null); // a stranger may ask; a blocked user not
            }
            // The blocker is bound by her block too.
            attempt(a, FrameType.MESSAGE, custom(1, "bye").setToTid(new Tid(bob)), ErrorCode.PERMISSION_DENIED);
            attempt(a, FrameType.REVOKEMESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 2)
                    .setMid(byAlice).setToTid(new Tid(bob)), ErrorCode.PERMISSION_DENIED);

            // Nothing reached alice but carol's friend request; her history, lists and queue are as before.
            a.awaitMessage(m -> Users.isNotice(m, 4, carol), WAIT);
            assertTrue(a.expectNothing(f -> f.message() != null, QUIET), () -> "alice got " + a.inboxSnapshot());
            assertEquals(List.of(byBob, byAlice), mids(a.pullHistory(bob, 0, 10)));
            assertTrue(a.pull(new TimReq().setRtype(1).setNode(carol).setReqInt(0L).setReqInt2(10L), QUIET)
                    .get(15, TimeUnit.SECONDS).isEmpty());
            a.business(new TimReq().setRtype(18));
            assertEquals(List.of(bob), a.awaitNodes(n -> n.getNtype() == 8, WAIT).getNodelist());
            a.business(new TimReq().setRtype(1));
            a.ping().get(15, TimeUnit.SECONDS);
            assertTrue(a.expectNothing(f -> f.type() == FrameType.NODES, QUIET), "alice has no friends now");
            List<TimMessage> queued = a.fetchOffline().get(15, TimeUnit.SECONDS);
            assertTrue(queued.stream().allMatch(m -> Users.isNotice(m, 4, carol)), queued::toString);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Sends and expects the refusal {@code code} ({@code null}: expects no error ack at all). */
    private static void attempt(TimClient c, int frameType, org.parley.protocol.TimStruct<?> body, ErrorCode code)
            throws Exception {
        c.sendFrame(frameType, body);
        if (code == null) {
            c.ping().get(15, TimeUnit.SECONDS);
            assertTrue(c.expectNothing(f -> f.type() == FrameType.ACK, Duration.ZERO), () -> c.inboxSnapshot().toString());
        } else {
            assertError(c, frameType, code);
        }
    }

    /** A message of kind {@code odType} to bob with every application field set. */
    private TimMessage custom(int odType, String text) {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) odType).setToTid(new Tid(bob))
                .setDataString(text).setDataBinary(new byte[] {9, 8, 7}).setUdtype((short) 12).setUdshow((short) 3)
                .setExtend(Map.of("k", "v")).setExtra(Map.of("x", new byte[] {1, 2}));
    }

    private void assertIntact(TimMessage m, int odType) {
        assertEquals(odType, m.getOdType().intValue());
        assertEquals(2, m.getMsType().intValue());
        assertEquals(alice, m.getFromTid().getNode());
        assertEquals(bob, m.getToTid().getNode());
        assertArrayEquals(new byte[] {9, 8, 7}, m.getDataBinary());
        assertEquals((short) 12, m.getUdtype());
        assertEquals((short) 3, m.getUdshow());
        assertEquals(Map.of("k", "v"), m.getExtend());
        assertArrayEquals(new byte[] {1, 2}, m.getExtra().get("x"));
        assertTrue(m.getTimestamp() > 0);
    }

    private static List<Long> mids(java.util.concurrent.CompletableFuture<List<TimMessage>> pull) throws Exception {
        return mids(pull.get(15, TimeUnit.SECONDS));
    }

    private static List<Long> mids(List<TimMessage> messages) {
        return messages.stream().map(TimMessage::getMid).toList();
    }
}
