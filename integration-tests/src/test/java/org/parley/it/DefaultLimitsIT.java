package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;

/**
 * Frame sizes at the shipped limits (4 MiB per WebSocket message, 16 MiB per big-data frame), which the Arquillian
 * node lowers: the largest big data sent as maximal messages back to back, and frames over the limit, before and
 * after login, far over it too (hardening: wrong answers to bad input, logs as an amplifier).
 */
class DefaultLimitsIT {

    private static final int FRAME_LIMIT = 4 * 1024 * 1024;
    private static final int BIG_DATA_LIMIT = 16 * 1024 * 1024;

    private static MicroNode node;
    private static Users users;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectories(Path.of(MicroNode.property("parley.testDir")))
                .resolve("limits-" + System.nanoTime());
        node = new MicroNode(data, List.of("-Dparley.password.bcrypt-cost=4", "-Xmx768m")).start();
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
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, false);
        users.befriend(aliceName, alice, bobName, bob);
        byte[] payload = new byte[BIG_DATA_LIMIT - 1 - 5 - bob.length() - 1]; // type, length, node, separator
        new Random(11).nextBytes(payload);
        byte[] frame = new BigData(FrameType.BIGBINARY, bob, payload).toPrefixedFrame(false);
        assertEquals(BIG_DATA_LIMIT - 1, frame.length);
        try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, false)) {
            // All four messages queued at once: they reach the node back to back, as one stream of bytes.
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int from = 0; from < frame.length; from += FRAME_LIMIT) {
                sent.add(a.sendRaw(Arrays.copyOfRange(frame, from, Math.min(frame.length, from + FRAME_LIMIT))));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            BigData got = b.awaitBigData(d -> d.type() == FrameType.BIGBINARY, WAIT);
            assertEquals(alice, got.node());
            assertArrayEquals(payload, got.payload());
        }
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
        String log = Files.readString(node.log());
        assertFalse(log.contains("Buffer overflow"), "the container's overflow reached the log");
        assertTrue(log.contains(" ready in "), "the log is the node's");
    }
}
