package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;

/**
 * tim's 1:1 flows (§7.1–7.8 of the wire spec) against the node WAR on Payara Micro, with a Thrift client (as atim
 * and timgo) and a JSON client (as timjs and webtim).
 */
class MessagingFlowIT extends DeployedNode {

    @Test
    void thriftAndJsonClientsChatBothWaysWithEchoesAndAcks() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);

        // alice logs in with a token (Thrift), bob with his password (JSON).
        String token = users.token(aliceName, false);
        try (TimClient a = users.client(false).build(); TimClient b = users.login(bobName, bob, true)) {
            a.connect().get(15, TimeUnit.SECONDS);
            TimAck login = a.loginByToken(aliceName, token, null, "phone", 1).get(15, TimeUnit.SECONDS);
            assertTrue(login.getOk(), login::toString);
            assertEquals(alice, login.getN());
            Users.befriend(a, alice, b, bob); // 1:1 messages need friendship

            a.sendMessage(bob, "hi bob");
            TimMessage echo = a.awaitMessage(m -> "hi bob".equals(m.getDataString()), WAIT);
            Inbound push = b.awaitNext(f -> f.type() == FrameType.MESSAGE && f.message() != null
                    && "hi bob".equals(f.message().getDataString()), WAIT);
            assertTrue(push.ackRequired(), "the recipient's copy must ask for an ack");
            TimMessage received = push.message();
            assertTrue(echo.getMid() > 0);
            assertEquals(echo.getMid(), received.getMid());
            assertEquals(echo.getId(), received.getId());
            assertEquals(echo.getTimestamp(), received.getTimestamp());
            assertEquals(alice, received.getFromTid().getNode());
            assertEquals("phone", received.getFromTid().getResource());
            assertEquals(bob, received.getToTid().getNode());

            b.sendMessage(alice, "hello alice");
            TimMessage bobEcho = b.awaitMessage(m -> "hello alice".equals(m.getDataString()), WAIT);
            TimMessage aliceGot = a.awaitMessage(m -> "hello alice".equals(m.getDataString()), WAIT);
            assertEquals(bobEcho.getMid(), aliceGot.getMid());
            assertTrue(bobEcho.getMid() > echo.getMid(), "mids increase within a chat");

            a.sendMessage(bob, "again");
            TimMessage second = a.awaitMessage(m -> "again".equals(m.getDataString()), WAIT);
            assertTrue(second.getMid() > bobEcho.getMid());
            assertEquals(second.getMid(), b.awaitMessage(m -> "again".equals(m.getDataString()), WAIT).getMid());
            // Success is silent: tim sends no TimAck for a delivered message.
            assertTrue(a.expectNothing(f -> f.type() == FrameType.ACK, Duration.ofMillis(500)));
        }
    }

    @Test
    void concurrentSendersInOneChatGetDistinctIncreasingMids() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);
        int perSender = 25;
        try (TimClient a1 = users.login(aliceName, alice, false);
                TimClient a2 = users.login(aliceName, alice, true);
                TimClient b1 = users.login(bobName, bob, true)) {
            Users.befriend(a1, alice, b1, bob);
            List<TimClient> senders = List.of(a1, a2, b1);
            List<String> peers = List.of(bob, bob, alice);
            // All three write into the same chat at once; every send goes out without waiting for its echo.
            for (int i = 0; i < perSender; i++) {
                for (int s = 0; s < senders.size(); s++) {
                    senders.get(s).sendMessage(peers.get(s), "c" + s + "-" + i);
                }
            }
            java.util.Set<Long> allMids = new java.util.HashSet<>();
            for (int s = 0; s < senders.size(); s++) {
                long previous = 0;
                for (int i = 0; i < perSender; i++) {
                    String text = "c" + s + "-" + i;
                    long mid = senders.get(s).awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid();
                    assertTrue(mid > previous, "a socket's messages are stored in the order it sent them");
                    previous = mid;
                    allMids.add(mid);
                }
            }
            assertEquals(senders.size() * perSender, allMids.size(), "no mid is handed out twice");
        }
    }

    @Test
    void everyDeviceOfTheReceiverGetsLivePushesAndEverySenderDeviceTheEcho() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, false);
        try (TimClient a1 = users.login(aliceName, alice, false);
                TimClient a2 = users.login(aliceName, alice, true);
                TimClient b1 = users.login(bobName, bob, true);
                TimClient b2 = users.login(bobName, bob, false)) {
            Users.befriend(a1, alice, b1, bob);
            a1.sendMessage(bob, "to all your devices");
            long mid = a1.awaitMessage(m -> "to all your devices".equals(m.getDataString()), WAIT).getMid();
            assertEquals(mid, a2.awaitMessage(m -> "to all your devices".equals(m.getDataString()), WAIT).getMid());
            assertEquals(mid, b1.awaitMessage(m -> "to all your devices".equals(m.getDataString()), WAIT).getMid());
            assertEquals(mid, b2.awaitMessage(m -> "to all your devices".equals(m.getDataString()), WAIT).getMid());
        }
    }

    @Test
    void offlineMessagesArriveInOrderInAcknowledgedBatchesThenTheEndMarker() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);
        users.befriend(aliceName, alice, bobName, bob);
        List<Long> sentMids = new ArrayList<>();
        try (TimClient a = users.login(aliceName, alice, false)) {
            for (int i = 1; i <= 12; i++) {
                String text = "offline " + i;
                a.sendMessage(bob, text);
                sentMids.add(a.awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid());
            }
        }
        try (TimClient b = users.client(true).autoAck(false).build()) {
            users.login(b, bobName, bob);
            b.requestOffline();
            Inbound first = b.awaitFrame(FrameType.OFFLINEMSG, WAIT);
            assertTrue(first.ackRequired());
            assertEquals(10, first.messageList().getMessageList().size(), "tim's batch size is 10");
            // Nothing more until the batch is acknowledged.
            assertTrue(b.expectNothing(f -> f.type() == FrameType.OFFLINEMSG || f.type() == FrameType.OFFLINEMSGEND,
                    Duration.ofMillis(700)));
            b.ack(first);
            Inbound second = b.awaitFrame(FrameType.OFFLINEMSG, WAIT);
            assertEquals(2, second.messageList().getMessageList().size());
            b.ack(second);
            b.awaitFrame(FrameType.OFFLINEMSGEND, WAIT);

            List<TimMessage> all = new ArrayList<>(first.messageList().getMessageList());
            all.addAll(second.messageList().getMessageList());
            for (int i = 0; i < 12; i++) {
                TimMessage m = all.get(i);
                assertEquals("offline " + (i + 1), m.getDataString());
                assertEquals(sentMids.get(i), m.getMid());
                assertEquals(Boolean.TRUE, m.getIsOffline());
                assertEquals(alice, m.getFromTid().getNode());
                assertNull(m.getId(), "offline copies of stored messages carry mid, not id");
            }
            // Acknowledged entries are gone: the next request gets the end marker at once.
            b.requestOffline();
            b.awaitFrame(FrameType.OFFLINEMSGEND, WAIT);
            assertTrue(b.expectNothing(f -> f.type() == FrameType.OFFLINEMSG, Duration.ofMillis(500)));
        }
    }

    @Test
    void historyPagesAreNewestFirstWithAnInclusiveBoundAndOnlyForTheTwoParties() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String carolName = Users.uniqueName("carol");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);
        String carol = users.register(carolName, false);
        List<Long> mids = new ArrayList<>();
        try (TimClient a = users.login(aliceName, alice, false);
                TimClient b = users.login(bobName, bob, true);
                TimClient c = users.login(carolName, carol, false)) {
            Users.befriend(a, alice, b, bob);
            for (int i = 1; i <= 5; i++) {
                String text = "history " + i;
                (i % 2 == 0 ? b : a).sendMessage(i % 2 == 0 ? alice : bob, text);
                mids.add((i % 2 == 0 ? b : a).awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid());
            }
            List<TimMessage> newest = a.pullHistory(bob, 0, 20).get(15, TimeUnit.SECONDS);
            assertEquals(List.of("history 5", "history 4", "history 3", "history 2", "history 1"),
                    newest.stream().map(TimMessage::getDataString).toList());
            newest.forEach(m -> assertNull(m.getId()));

            List<TimMessage> page = b.pullHistory(alice, mids.get(2), 2).get(15, TimeUnit.SECONDS);
            assertEquals(List.of(mids.get(2), mids.get(1)), page.stream().map(TimMessage::getMid).toList(),
                    "the upper bound is inclusive");

            // carol's pull names alice, so it reads carol's own chat with alice: empty, and tim then sends nothing.
            assertTrue(c.pull(chatWith(alice), Duration.ofSeconds(2)).get(15, TimeUnit.SECONDS).isEmpty());
            assertTrue(c.pull(chatWith(bob), Duration.ofSeconds(2)).get(15, TimeUnit.SECONDS).isEmpty());
        }
    }

    private static TimReq chatWith(String peer) {
        return new TimReq().setRtype(1).setNode(peer).setReqInt(0L).setReqInt2(20L);
    }

    @Test
    void anUnacknowledgedPushIsResentThenKeptForOfflineDelivery() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, false);
        users.befriend(aliceName, alice, bobName, bob);
        try (TimClient a = users.login(aliceName, alice, false);
                TimClient silent = users.login(users.client(false).autoAck(false).build(), bobName, bob)) {
            a.sendMessage(bob, "are you there?");
            long mid = a.awaitMessage(m -> "are you there?".equals(m.getDataString()), WAIT).getMid();
            Inbound firstTry = silent.awaitNext(f -> f.message() != null && f.message().getMid() == mid, WAIT);
            Inbound secondTry = silent.awaitNext(f -> f.message() != null && f.message().getMid() == mid, WAIT);
            assertNotEquals(firstTry.syncId(), secondTry.syncId(), "a resend carries a new sync id");
            assertEquals(firstTry.message().getId(), secondTry.message().getId());
            silent.awaitNext(f -> f.message() != null && f.message().getMid() == mid, WAIT);
            // After the last attempt the message waits in bob's offline queue.
            assertTrue(silent.expectNothing(f -> f.message() != null && f.message().getMid() == mid, Duration.ofSeconds(3)));
        }
        try (TimClient b = users.login(bobName, bob, true)) {
            List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
            assertEquals(1, offline.size());
            assertEquals("are you there?", offline.get(0).getDataString());
            assertTrue(b.fetchOffline().get(15, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Test
    void anAcknowledgedPushLeavesNothingInTheOfflineQueue() throws Exception {
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
            Users.befriend(a, alice, b, bob);
            a.sendMessage(bob, "delivered live");
            assertNotNull(b.awaitMessage(m -> "delivered live".equals(m.getDataString()), WAIT));
        }
        try (TimClient b = users.login(bobName, bob, false)) {
            // The ack's delete runs after the push completes; the queue must be empty by the time we ask.
            List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
            assertFalse(offline.stream().anyMatch(m -> "delivered live".equals(m.getDataString())), offline::toString);
        }
    }
}
