package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.CloseStatus;
import org.parley.client.TimClient;
import org.parley.it.Users.User;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;

/**
 * Frame sizes at the shipped limits (4 MiB per WebSocket message, 16 MiB per big-data frame), which the Arquillian
 * node lowers: the largest big data sent as maximal messages back to back, and frames over the limit, before and
 * after login, far over it too (hardening: wrong answers to bad input, logs as an amplifier).
 */
class FrameLimitsIT {

    private static final int FRAME_LIMIT = 4 * 1024 * 1024;
    private static final int BIG_DATA_LIMIT = 16 * 1024 * 1024;

    private static final String ADMIN_TOKEN = "limits-admin";

    private static MicroNode node;
    private static Users users;

    @BeforeAll
    static void start() throws Exception {
        node = MicroNode.startFresh("limits", List.of("-Dparley.password.bcrypt-cost=4", "-Xmx768m",
                "-Dparley.admin.token=" + ADMIN_TOKEN));
        users = new Users(node.wsUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theLargestBigDataSentAsMaximalMessagesBackToBackArrivesWhole() throws Exception {
        List<User> pair = users.friends("alice", "bob");
        User alice = pair.get(0);
        User bob = pair.get(1);
        byte[] payload = new byte[BIG_DATA_LIMIT - 1 - 5 - bob.node().length() - 1]; // type, length, node, separator
        new Random(11).nextBytes(payload);
        byte[] frame = new BigData(FrameType.BIGBINARY, bob.node(), payload).toPrefixedFrame(false);
        assertEquals(BIG_DATA_LIMIT - 1, frame.length);
        try (TimClient a = users.login(alice.name(), alice.node(), false);
                TimClient b = users.login(bob.name(), bob.node(), false)) {
            // All four messages queued at once: they reach the node back to back, as one stream of bytes.
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int from = 0; from < frame.length; from += FRAME_LIMIT) {
                sent.add(a.sendRaw(Arrays.copyOfRange(frame, from, Math.min(frame.length, from + FRAME_LIMIT))));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            BigData got = b.awaitBigData(d -> d.type() == FrameType.BIGBINARY, WAIT);
            assertEquals(alice.node(), got.node());
            assertArrayEquals(payload, got.payload());
        }
    }

    @Test
    void aFriendWhoStopsReadingIsDisconnectedBeforeBigDataPilesUpOnTheNode() throws Exception {
        List<User> pair = users.friends("alice", "bob");
        User alice = pair.get(0);
        User bob = pair.get(1);
        AdminApi api = new AdminApi(node, ADMIN_TOKEN);
        try (TimClient a = users.login(alice.name(), alice.node(), false);
                StalledSocket stalled = new StalledSocket(users.ws(), bob.name(), Users.PASSWORD, null)) {
            int devices = api.get("/api/cluster").getInt("localDevices");
            byte[] frame = new BigData(FrameType.BIGBINARY, bob.node(), new byte[1 << 20]).toPrefixedFrame(false);
            // Up to 200 MiB for a device that reads nothing: far past the default send queue's 32 MiB, far below
            // its 4,096 frames, and more than the node's heap (768 MiB) can take in a few rounds.
            int sent = 0;
            while (sent < 200 && api.get("/api/cluster").getInt("localDevices") == devices) {
                for (int i = 0; i < 10; i++, sent++) {
                    a.sendRaw(frame).get(15, TimeUnit.SECONDS);
                }
            }
            TestCluster.awaitCondition(() -> api.get("/api/cluster").getInt("localDevices") == devices - 1,
                    "the stalled device is disconnected", Duration.ofSeconds(30));
            a.ping().get(15, TimeUnit.SECONDS); // the sender is not hurt
            node.awaitLog("is not reading", Duration.ofSeconds(30)); // the node says why
            node.awaitLog(" closed: 1013 send queue full", Duration.ofSeconds(30));
            logMarker();
            assertFalse(node.log().contains("CancellationException"), "the write cut off by the close logged a stack trace");
        }
    }

    @Test
    void aHundredThousandFramesLeaveNothingBehindOnTheHeap() throws Exception {
        User user = users.newUser("pinger", false);
        try (TimClient c = users.login(user.name(), user.node(), false)) {
            pings(c, 5_000); // warm: pools, caches and compiled code reach their size first
            long before = node.liveHeapBytes();
            pings(c, 100_000);
            long grown = node.liveHeapBytes() - before;
            // Each frame in or out once left a ~261-byte cancelled timer queued for 10 minutes: 100,000 round
            // trips (200,000 frames) would pin some 50 MB.
            assertTrue(grown < 16 << 20, "live heap grew by " + grown + " bytes over 100,000 pings");
        }
    }

    /** {@code n} pings, each answered, at most 200 in flight. */
    private static void pings(TimClient c, int n) throws Exception {
        for (int sent = 0; sent < n; sent += 200) {
            List<CompletableFuture<Void>> window = new ArrayList<>();
            for (int i = 0; i < 200 && sent + i < n; i++) {
                window.add(c.ping());
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Writes a line into the node's log and waits until it is there: whatever the node logged before it (a record
     * that must not be there, say) is in the file by then. The line is the close of a socket that sends a frame over
     * the limit, from a socket that was never logged in, counted so that an earlier one does not count.
     */
    private static void logMarker() throws Exception {
        String line = " closed: 1009 frame over";
        int before = node.log().split(line, -1).length;
        try (TimClient marker = users.client(false).build()) {
            marker.connect().get(15, TimeUnit.SECONDS);
            marker.sendRaw(new byte[FRAME_LIMIT + 1]);
            marker.closeFuture().get(30, TimeUnit.SECONDS);
        }
        TestCluster.awaitCondition(() -> {
            try {
                return node.log().split(line, -1).length > before;
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the marker in the node's log", Duration.ofSeconds(30));
    }

    @Test
    void aFrameOverTheLimitIsClosedWith1009BeforeAndAfterLogin() throws Exception {
        String name = Users.uniqueName("big");
        String me = users.register(name, false);
        try (TimClient anonymous = users.client(false).build()) {
            anonymous.connect().get(15, TimeUnit.SECONDS);
            anonymous.sendRaw(new byte[FRAME_LIMIT + 1]);
            assertEquals(1009, anonymous.closeFuture().get(30, TimeUnit.SECONDS).code());
        }
        try (TimClient c = users.login(name, me, false)) {
            byte[] twiceAsBig = new byte[2 * FRAME_LIMIT];
            twiceAsBig[0] = FrameType.MESSAGE;
            c.sendRaw(twiceAsBig);
            assertEquals(1009, c.closeFuture().get(30, TimeUnit.SECONDS).code());
        }
    }

    @Test
    void aFrameBeyondTheContainersBufferEndsOnlyItsSocketAndLogsNoStackTrace() throws Exception {
        String name = Users.uniqueName("huge");
        String me = users.register(name, false);
        try (TimClient bystander = users.login(name, me, false); TimClient c = users.client(false).build()) {
            c.connect().get(15, TimeUnit.SECONDS);
            c.sendRaw(new byte[5 * FRAME_LIMIT]);
            CloseStatus closed = c.closeFuture().get(60, TimeUnit.SECONDS);
            assertNotEquals(CloseStatus.NORMAL, closed.code(), closed::toString);
            bystander.ping().get(15, TimeUnit.SECONDS);
        }
        node.awaitLog(" closed: 1011 Buffer overflow.", Duration.ofSeconds(30));
        logMarker();
        assertFalse(node.log().contains("IllegalArgumentException: Buffer overflow"), "a stack trace per frame");
    }
}
