package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;
import static org.parley.it.Users.isNotice;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimUserBean;

/**
 * Rosters, blocking, password changes and profiles (wire spec §5.10, §5.11, §5.16, §7.4, §7.17), with a Thrift
 * client (alice, as atim) and a JSON client (bob, as timjs). Every refusal is also checked to have changed nothing,
 * through what the users can see: rosters, block lists, notices.
 */
class RosterFlowIT extends DeployedNode {

    private static final int ROSTER = 1;
    private static final int ADD = 4;
    private static final int REMOVE = 6;
    private static final int BLOCK = 7;
    private static final int BLOCK_LIST = 18;
    private static final int MODIFY_AUTH = 21;
    /** Long enough for a frame the server would send to arrive (tim's conventions use 2 s; loopback is faster). */
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
    }

    /** §7.4: request, accept, rosters on both sides, repeated add, and the negative cases. */
    @Test
    void friendshipIsRequestedAcceptedAndListedOnBothSides() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            assertNothing(a, ROSTER); // no friends yet: no frame at all

            a.business(add(bob, "hello"));
            Inbound request = b.awaitNext(f -> f.message() != null && isNotice(f.message(), 4, alice), WAIT);
            assertTrue(request.ackRequired(), "notices are ack-required");
            TimMessage n4 = request.message();
            assertEquals(2, n4.getMsType().intValue());
            assertEquals("hello", n4.getDataString());
            assertEquals("test", n4.getFromTid().getResource(), "the live notice names the requester's full Tid");
            assertEquals(bob, n4.getToTid().getNode());
            assertNotNull(n4.getId());
            assertTrue(n4.getTimestamp() > 1_600_000_000_000_000_000L, "timestamps are nanoseconds");

            b.business(add(alice, "ok"));
            TimMessage n5 = a.awaitMessage(m -> isNotice(m, 5, bob), WAIT);
            assertEquals("ok", n5.getDataString());
            assertEquals(alice, n5.getToTid().getNode());
            // Success of ADDROSTER is silent towards the requester.
            assertTrue(a.expectNothing(f -> f.type() == FrameType.ACK, QUIET));
            assertTrue(b.expectNothing(f -> f.type() == FrameType.ACK, Duration.ZERO));

            assertEquals(List.of(bob), list(a, ROSTER));
            assertEquals(List.of(alice), list(b, ROSTER));

            a.business(add(bob, "again"));
            assertBusinessError(a, ErrorCode.REPETITIVE_OPERATION);
            b.awaitMessage(m -> isNotice(m, 5, alice) && "again".equals(m.getDataString()), WAIT);

            a.business(add(alice, "me"));
            assertBusinessError(a, ErrorCode.PERMISSION_DENIED);
            a.business(add("abc", "nobody"));
            assertBusinessError(a, ErrorCode.ACCOUNT_INCORRECT);
            a.business(add("not a node!", "x"));
            assertBusinessError(a, ErrorCode.ACCOUNT_INCORRECT);
            a.business(new TimReq().setRtype(ADD).setNode(carol)); // no greeting at all
            assertBusinessError(a, ErrorCode.PARAMETER_INCORRECT);
            a.business(new TimReq().setRtype(5).setNode(carol)); // 5 is a notice type, not a request
            assertBusinessError(a, ErrorCode.PARAMETER_INCORRECT);
            try (TimClient c = users.login(carolName, carol, false)) {
                assertTrue(c.expectNothing(f -> f.message() != null, QUIET), "refused requests reach nobody");
                assertNothing(c, ROSTER);
            }
            assertEquals(List.of(bob), list(a, ROSTER));
        }
    }

    /** Notices wait in the offline queue of a user who is not connected, with the sender reduced to its node. */
    @Test
    void aRequestToAnOfflineUserArrivesWithTheOfflineBatch() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.business(add(bob, "are we friends?"));
            assertTrue(a.expectNothing(f -> f.type() == FrameType.ACK, QUIET));
        }
        try (TimClient b = users.login(bobName, bob, true)) {
            List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
            assertEquals(1, offline.size(), offline::toString);
            TimMessage notice = offline.get(0);
            assertTrue(isNotice(notice, 4, alice));
            assertEquals("are we friends?", notice.getDataString());
            assertNull(notice.getFromTid().getResource(), "offline copies carry the sender's node only");
            assertEquals(Boolean.TRUE, notice.getIsOffline());
            assertNotNull(notice.getId(), "offline notices keep their id");
            // Accepting while alice is offline: she finds the notice when she comes back.
            b.business(add(alice, "yes"));
            assertEquals(List.of(alice), list(b, ROSTER));
        }
        try (TimClient a = users.login(aliceName, alice, false)) {
            List<TimMessage> offline = a.fetchOffline().get(15, TimeUnit.SECONDS);
            assertTrue(offline.stream().anyMatch(m -> isNotice(m, 5, bob) && "yes".equals(m.getDataString())),
                    offline::toString);
            assertEquals(List.of(bob), list(a, ROSTER));
        }
    }

    @Test
    void removingAFriendEndsItForBothAndTellsTheOther() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            Users.befriend(a, alice, b, bob);
            a.business(new TimReq().setRtype(REMOVE).setNode(bob));
            assertBusinessOk(a, REMOVE, bob);
            b.awaitMessage(m -> isNotice(m, 6, alice), WAIT);
            assertNothing(a, ROSTER);
            assertNothing(b, ROSTER);
            a.sendMessage(bob, "still there?");
            assertError(a, FrameType.MESSAGE, ErrorCode.PERMISSION_DENIED);

            // Nothing left to remove: tim's "no relation" is 4104.
            a.business(new TimReq().setRtype(REMOVE).setNode(bob));
            assertBusinessError(a, ErrorCode.PARAMETER_INCORRECT);
            a.business(new TimReq().setRtype(REMOVE).setNode(alice));
            assertBusinessError(a, ErrorCode.PARAMETER_INCORRECT);
            a.business(new TimReq().setRtype(REMOVE));
            assertBusinessError(a, ErrorCode.PARAMETER_INCORRECT);
            assertTrue(b.expectNothing(f -> f.message() != null, QUIET), "a refused removal tells nobody");

            // A pending request can be withdrawn the same way.
            b.business(add(alice, "once more?"));
            a.awaitMessage(m -> isNotice(m, 4, bob), WAIT);
            b.business(new TimReq().setRtype(REMOVE).setNode(alice));
            assertBusinessOk(b, REMOVE, alice);
            a.awaitMessage(m -> isNotice(m, 6, bob), WAIT);
            a.business(add(bob, "now?"));
            b.awaitMessage(m -> isNotice(m, 4, alice), WAIT); // a request again, not an acceptance
            assertNothing(a, ROSTER);
        }
    }

    /**
     * Blocking ends the friendship and shuts every door both ways until the blocker lifts it (RMROSTER). The
     * blocked user is told once, when the block is new (tim v2 would not tell here: §5.10 quirk).
     */
    @Test
    void aBlockEndsFriendshipAndShutsTheDoorUntilLifted() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            Users.befriend(a, alice, b, bob);
            a.business(new TimReq().setRtype(BLOCK).setNode(bob));
            assertBusinessOk(a, BLOCK, bob);
            b.awaitMessage(m -> isNotice(m, 7, alice), WAIT);
            assertEquals(List.of(bob), list(a, BLOCK_LIST));
            assertNothing(b, BLOCK_LIST);
            assertNothing(a, ROSTER);
            assertNothing(b, ROSTER);

            // The blocked user: no way back in, no messages; nothing changes for the blocker.
            b.business(add(alice, "let me in"));
            assertBusinessError(b, ErrorCode.BLOCKED_OBJECT);
            b.sendMessage(alice, "hey");
            assertError(b, FrameType.MESSAGE, ErrorCode.PERMISSION_DENIED);
            b.business(new TimReq().setRtype(REMOVE).setNode(alice)); // nothing of bob's to remove; alice's block stays
            assertBusinessOk(b, REMOVE, alice);
            // The blocker cannot message or add either while the block stands.
            a.sendMessage(bob, "bye");
            assertError(a, FrameType.MESSAGE, ErrorCode.PERMISSION_DENIED);
            a.business(add(bob, "sorry"));
            assertBusinessError(a, ErrorCode.BLOCKED_OBJECT);
            assertTrue(a.expectNothing(f -> f.message() != null, QUIET), "alice hears nothing of bob's attempts");
            assertEquals(List.of(bob), list(a, BLOCK_LIST));

            // Blocking again is accepted but is not news.
            a.business(new TimReq().setRtype(BLOCK).setNode(bob));
            assertBusinessOk(a, BLOCK, bob);
            assertTrue(b.expectNothing(f -> f.message() != null, QUIET));
            a.business(new TimReq().setRtype(BLOCK).setNode(alice));
            assertBusinessError(a, ErrorCode.PERMISSION_DENIED);
            a.business(new TimReq().setRtype(BLOCK).setNode("abc"));
            assertBusinessError(a, ErrorCode.ACCOUNT_INCORRECT);

            // A stranger can be blocked too, and is told.
            a.business(new TimReq().setRtype(BLOCK).setNode(carol));
            assertBusinessOk(a, BLOCK, carol);
            assertEquals(List.of(bob, carol).stream().sorted().toList(), list(a, BLOCK_LIST));

            // RMROSTER lifts alice's own block; then a fresh request goes through.
            a.business(new TimReq().setRtype(REMOVE).setNode(bob));
            assertBusinessOk(a, REMOVE, bob);
            b.awaitMessage(m -> isNotice(m, 6, alice), WAIT);
            assertEquals(List.of(carol), list(a, BLOCK_LIST));
            b.business(add(alice, "friends again?"));
            a.awaitMessage(m -> isNotice(m, 4, bob), WAIT);
            a.business(add(bob, "yes"));
            b.awaitMessage(m -> isNotice(m, 5, alice), WAIT);
            assertEquals(List.of(bob), list(a, ROSTER));
        }
        try (TimClient c = users.login(carolName, carol, false)) {
            List<TimMessage> offline = c.fetchOffline().get(15, TimeUnit.SECONDS);
            assertTrue(offline.stream().anyMatch(m -> isNotice(m, 7, alice)), offline::toString);
        }
    }

    @Test
    void aPasswordChangeNeedsTheOldPasswordAndKeepsSessions() throws Exception {
        String fresh = "n3w-pa55";
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            a.business(new TimReq().setRtype(MODIFY_AUTH).setReqStr("wrong").setReqStr2(fresh));
            TimAck wrong = assertBusinessError(a, ErrorCode.MODIFY_PASSWORD_FAILED);
            assertEquals(MODIFY_AUTH, wrong.getT().intValue(), "tim names the request when the old password is wrong");
            a.business(new TimReq().setRtype(MODIFY_AUTH).setReqStr(Users.PASSWORD));
            assertNull(assertBusinessError(a, ErrorCode.MODIFY_PASSWORD_FAILED).getT());

            b.business(new TimReq().setRtype(MODIFY_AUTH).setReqStr(Users.PASSWORD).setReqStr2(fresh));
            TimAck ok = b.awaitAck(x -> x.getTimType() == FrameType.BUSINESS, WAIT);
            assertTrue(ok.getOk(), ok::toString);
            assertEquals(MODIFY_AUTH, ok.getT().intValue());
            assertNull(ok.getN());
            b.ping().get(15, TimeUnit.SECONDS); // the session stays logged in
        }
        try (TimClient old = users.client(true).build(); TimClient renewed = users.client(false).build()) {
            old.connect().get(15, TimeUnit.SECONDS);
            TimAck refused = old.login(bobName, Users.PASSWORD, null, "test", 1).get(15, TimeUnit.SECONDS);
            assertFalse(refused.getOk());
            assertEquals(ErrorCode.PERMISSION_DENIED.code(), refused.getError().getCode());
            renewed.connect().get(15, TimeUnit.SECONDS);
            TimAck accepted = renewed.login(bobName, fresh, null, "test", 1).get(15, TimeUnit.SECONDS);
            assertTrue(accepted.getOk(), accepted::toString);
            assertEquals(bob, accepted.getN());
        }
        // alice's refused attempts changed nothing.
        users.login(aliceName, alice, true).close();
    }

    /** §7.17, user parts: save, read, partial update, and who may change what. */
    @Test
    void profilesAreSavedByTheirOwnerAndReadByAnyone() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        String dora = users.register(Users.uniqueName("dora"), false); // a user who never saved a profile
        try (TimClient a = users.login(aliceName, alice, false);
                TimClient b = users.login(bobName, bob, true);
                TimClient c = users.login(carolName, carol, false)) {
            a.nodes(new TimNodes().setNtype(6).setUsermap(Map.of("", new TimUserBean().setName("Alice")
                    .setPhotoTidAlbum(List.of("p1", "p2")).setCreatetime(1L))));
            assertNodesOk(a, 6);

            b.nodes(new TimNodes().setNtype(4).setNodelist(List.of(alice, carol)));
            TimNodes info = b.awaitNodes(n -> n.getNtype() == 4, WAIT);
            assertEquals(List.of(alice), List.copyOf(info.getUsermap().keySet()), "carol has no profile");
            TimUserBean profile = info.getUsermap().get(alice);
            assertEquals("Alice", profile.getName());
            assertTrue(profile.getCreatetime() > 1_600_000_000_000_000_000L && profile.getCreatetime() < before,
                    "createtime is the registration time, whatever the client sent");
            assertNull(info.getNodelist());

            b.nodes(new TimNodes().setNtype(4).setNodelist(List.of(carol)));
            assertTrue(b.expectNothing(f -> f.type() == FrameType.NODES, QUIET), "no profile: no frame at all");
            b.nodes(new TimNodes().setNtype(4).setNodelist(List.of()));
            assertError(b, FrameType.NODES, ErrorCode.PARAMETER_INCORRECT);

            // Present fields replace stored ones (lists whole); absent ones stay.
            a.nodes(new TimNodes().setNtype(6).setUsermap(Map.of("", new TimUserBean().setNickName("Al")
                    .setPhotoTidAlbum(List.of("p3")).setExtra(Map.of("k", new byte[] {1, 2, 3})))));
            assertNodesOk(a, 6);
            // The key of usermap is ignored: carol can only ever change her own profile.
            c.nodes(new TimNodes().setNtype(6).setUsermap(Map.of(alice, new TimUserBean().setName("Mallory"))));
            assertNodesOk(c, 6);
            c.nodes(new TimNodes().setNtype(6).setUsermap(Map.of("x", new TimUserBean(), "y", new TimUserBean())));
            assertError(c, FrameType.NODES, ErrorCode.PARAMETER_INCORRECT);
            c.nodes(new TimNodes().setNtype(1).setNodelist(List.of(alice)));
            assertError(c, FrameType.NODES, ErrorCode.PARAMETER_INCORRECT);

            b.nodes(new TimNodes().setNtype(4).setNodelist(List.of(alice, carol, dora, "not a node!")));
            TimNodes both = b.awaitNodes(n -> n.getNtype() == 4, WAIT);
            assertEquals(2, both.getUsermap().size(), both::toString);
            TimUserBean al = both.getUsermap().get(alice);
            assertEquals("Alice", al.getName());
            assertEquals("Al", al.getNickName());
            assertEquals(List.of("p3"), al.getPhotoTidAlbum());
            assertArrayEquals(new byte[] {1, 2, 3}, al.getExtra().get("k"));
            assertEquals("Mallory", both.getUsermap().get(carol).getName());

            // atim sends ntype 0: the server infers 6 from a one-entry usermap and 4 from a list of users.
            a.nodes(new TimNodes().setNtype(0).setUsermap(Map.of("", new TimUserBean().setArea("north"))));
            assertNodesOk(a, 6);
            a.nodes(new TimNodes().setNtype(0).setNodelist(List.of(alice)));
            TimNodes inferred = a.awaitNodes(n -> true, WAIT);
            assertEquals(4, inferred.getNtype().intValue());
            assertEquals("north", inferred.getUsermap().get(alice).getArea());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static TimReq add(String node, String greeting) {
        return new TimReq().setRtype(ADD).setNode(node).setReqStr(greeting);
    }

    /** The answer to a ROSTER or BLOCKROSTERLIST request; fails if none comes. */
    private static List<String> list(TimClient c, int rtype) throws Exception {
        c.business(new TimReq().setRtype(rtype));
        int ntype = rtype == ROSTER ? 1 : 8;
        return c.awaitNodes(n -> n.getNtype() == ntype, WAIT).getNodelist();
    }

    /** An empty ROSTER or BLOCKROSTERLIST: tim answers with no frame at all. */
    private static void assertNothing(TimClient c, int rtype) throws Exception {
        c.business(new TimReq().setRtype(rtype));
        // A ping after the request: its answer proves the request was handled before we look.
        c.ping().get(15, TimeUnit.SECONDS);
        assertTrue(c.expectNothing(f -> f.type() == FrameType.NODES, QUIET), () -> "expected no list for rtype " + rtype);
    }

    private static void assertBusinessOk(TimClient c, int rtype, String node) throws Exception {
        TimAck ack = c.awaitAck(a -> a.getTimType() == FrameType.BUSINESS, WAIT);
        assertTrue(ack.getOk(), ack::toString);
        assertEquals(rtype, ack.getT().intValue());
        assertEquals(node, ack.getN());
    }

    private static void assertNodesOk(TimClient c, int ntype) throws Exception {
        TimAck ack = c.awaitAck(a -> a.getTimType() == FrameType.NODES, WAIT);
        assertTrue(ack.getOk(), ack::toString);
        assertEquals(ntype, ack.getT().intValue());
    }

    private static TimAck assertBusinessError(TimClient c, ErrorCode code) throws Exception {
        return assertError(c, FrameType.BUSINESS, code);
    }

    static TimAck assertError(TimClient c, int timType, ErrorCode code) throws Exception {
        TimAck ack = c.awaitAck(a -> a.getTimType() == timType, WAIT);
        assertFalse(ack.getOk(), ack::toString);
        assertEquals(code.code(), ack.getError().getCode(), ack::toString);
        return ack;
    }
}
