package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.CloseStatus;
import org.parley.client.TimClient;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;

/**
 * The realtime features that only a cluster can show: device limits counted over all nodes, vroom subscribers on
 * several nodes, presence across nodes. Two nodes sharing their databases, with tim's per-type device limit (1),
 * two devices per user, a 3 s re-login interval and vrooms that expire 4 s after their last stream.
 */
class RealtimeClusterIT {

    static final Duration RELOGIN_INTERVAL = Duration.ofSeconds(3);
    static final Duration VROOM_EXPIRY = Duration.ofSeconds(4);

    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(2, List.of(
                "-Dparley.device.limit=2", "-Dparley.device.type-limit=1",
                "-Dparley.device.relogin-interval=PT" + RELOGIN_INTERVAL.toSeconds() + "S",
                "-Dparley.vroom.idle-expiry=PT" + VROOM_EXPIRY.toSeconds() + "S",
                "-Dparley.password.bcrypt-cost=4", "-Dparley.ack.timeout=PT2S")).start(2);
    }

    static Users users(int node) {
        return new Users(cluster.node(node).wsUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Logs a new client in with a given terminal type; returns the client whatever the answer, with the ack. */
    static Login login(Users users, String name, int termtyp) throws Exception {
        TimClient c = users.client(false).build();
        c.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        TimAck ack = c.login(name, Users.PASSWORD, null, "device-" + termtyp, termtyp).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new Login(c, ack, Instant.now());
    }

    record Login(TimClient client, TimAck ack, Instant at) {
        boolean ok() {
            return Boolean.TRUE.equals(ack.getOk());
        }
    }

    /**
     * Lets the configured re-login interval pass since {@code since}: tim's rule is about time itself, so this is
     * waiting for a deadline, not for something to happen.
     */
    static void reloginIntervalPassesSince(Instant since) throws InterruptedException {
        long left = Duration.between(Instant.now(), since.plus(RELOGIN_INTERVAL).plusMillis(300)).toMillis();
        if (left > 0) {
            TimeUnit.MILLISECONDS.sleep(left);
        }
    }

    @Test
    void aSecondDeviceOfTheSameTypeIsRefusedTooSoonThenKicksTheFirstFromAnotherNode() throws Exception {
        Users on0 = users(0);
        Users on1 = users(1);
        String name = Users.uniqueName("kick");
        on0.register(name, false);

        Login first = login(on0, name, 1);
        assertTrue(first.ok(), first.ack()::toString);
        try (TimClient firstClient = first.client()) {
            // Within the re-login interval, on the other node: over entry (4111); the first device is untouched.
            Login tooSoon = login(on1, name, 1);
            try (TimClient c = tooSoon.client()) {
                assertFalse(tooSoon.ok());
                assertEquals(4111, tooSoon.ack().getError().getCode());
            }
            assertTrue(firstClient.expectNothing(f -> true, Duration.ofMillis(300)));

            reloginIntervalPassesSince(first.at());
            Login second = login(on1, name, 1);
            try (TimClient secondClient = second.client()) {
                assertTrue(second.ok(), second.ack()::toString);
                TimAck logout = firstClient.awaitAck(a -> a.getTimType() == FrameType.LOGOUT, WAIT);
                assertTrue(logout.getOk());
                CloseStatus closed = firstClient.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertFalse(closed.requested(), closed::toString);
                assertTrue(secondClient.isOpen());
            }
        }
    }

    @Test
    void differentDeviceTypesCoexistUpToTheUserLimitAndAllGetPushes() throws Exception {
        Users on0 = users(0);
        Users on1 = users(1);
        String name = Users.uniqueName("multi");
        String node = on0.register(name, false);
        String peerName = Users.uniqueName("peer");
        String peer = on0.register(peerName, true);

        Login phone = login(on0, name, 1);
        Login desktop = login(on1, name, 2);
        try (TimClient p = phone.client(); TimClient d = desktop.client(); TimClient other = on1.login(peerName, peer, true)) {
            assertTrue(phone.ok() && desktop.ok(), () -> phone.ack() + " / " + desktop.ack());
            Users.befriend(p, node, other, peer);
            other.sendMessage(node, "to both devices");
            assertEquals("to both devices", p.awaitMessage(m -> "to both devices".equals(m.getDataString()), WAIT).getDataString());
            assertEquals("to both devices", d.awaitMessage(m -> "to both devices".equals(m.getDataString()), WAIT).getDataString());
            p.sendMessage(peer, "from the phone");
            d.awaitMessage(m -> "from the phone".equals(m.getDataString()), WAIT); // the echo reaches the other device

            // A third type is over the user limit (2): the oldest session, the phone, makes room.
            reloginIntervalPassesSince(desktop.at());
            Login web = login(on1, name, 3);
            try (TimClient w = web.client()) {
                assertTrue(web.ok(), web.ack()::toString);
                p.awaitAck(a -> a.getTimType() == FrameType.LOGOUT, WAIT);
                p.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(d.isOpen());
                assertTrue(d.expectNothing(f -> f.ack() != null && f.ack().getTimType() == FrameType.LOGOUT,
                        Duration.ofMillis(500)));
            }
        }
    }

    @Test
    void vroomSubscribersOnBothNodesGetEveryStreamInOrderAndAnIdleVroomExpires() throws Exception {
        Users on0 = users(0);
        Users on1 = users(1);
        String founderName = Users.uniqueName("caster");
        String founder = on0.register(founderName, false);
        String nearName = Users.uniqueName("near");
        String near = on0.register(nearName, false);
        String farName = Users.uniqueName("far");
        String far = on0.register(farName, true);
        String farRawName = Users.uniqueName("farraw");
        String farRaw = on0.register(farRawName, false);
        try (TimClient f = on0.login(founderName, founder, false);
                TimClient n = on0.login(nearName, near, false);
                TimClient r = on1.login(farName, far, true);
                TimClient rr = on1.login(farRawName, farRaw, false)) {
            String vnode = RealtimeIT.createVroom(f);
            RealtimeIT.subscribe(n, vnode, null);
            RealtimeIT.subscribe(r, vnode, null);
            RealtimeIT.subscribe(rr, vnode, 1L);
            int frames = 30;
            for (int i = 0; i < frames; i++) {
                f.stream(new TimStream().setVNode(vnode).setBody(RealtimeIT.body(i)));
            }
            for (int i = 0; i < frames; i++) {
                assertArrayEquals(RealtimeIT.body(i), RealtimeIT.nextStreamBody(n, vnode, false), "same node, frame " + i);
                assertArrayEquals(RealtimeIT.body(i), RealtimeIT.nextStreamBody(r, vnode, false), "other node, frame " + i);
                assertArrayEquals(RealtimeIT.body(i), RealtimeIT.nextStreamBody(rr, vnode, true), "other node raw, frame " + i);
            }
            Instant lastPush = Instant.now();

            // The expiry is about time itself: let it pass, then the vroom is gone on every node.
            long left = Duration.between(Instant.now(), lastPush.plus(VROOM_EXPIRY).plusSeconds(1)).toMillis();
            TimeUnit.MILLISECONDS.sleep(Math.max(0, left));
            f.stream(new TimStream().setVNode(vnode).setBody(new byte[] {1}));
            TimAck gone = f.awaitAck(a -> a.getTimType() == FrameType.STREAM, WAIT);
            assertFalse(gone.getOk());
            assertEquals(4105, gone.getError().getCode());
            r.vroom(new TimReq().setRtype(5).setNode(vnode));
            assertFalse(r.awaitAck(a -> a.getTimType() == FrameType.VROOM, WAIT).getOk(), "no subscribing to an expired vroom");
            assertTrue(n.expectNothing(x -> x.type() == FrameType.STREAM, Duration.ofMillis(300)));
        }
    }
}
