package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.CloseStatus;
import org.parley.client.TimClient;
import org.parley.client.TimHttp;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;

/**
 * Bad input and protocol hygiene (§5.4, §7.16): each case gets tim's error ack or a clean close, and the node keeps
 * serving everybody else, which a bystander pair of users checks after every test.
 * The deployment runs with a 3 s login deadline and a 64 KiB frame limit (arquillian.xml).
 */
class ProtocolHygieneIT extends DeployedNode {

    private static final int FRAME_LIMIT = 65536;

    private String aliceName;
    private String alice;
    private String bob;
    private TimClient bystanderBob;

    @BeforeEach
    void setUp() throws Exception {
        aliceName = Users.uniqueName("alice");
        alice = users.register(aliceName, false);
        String bobName = Users.uniqueName("bob");
        bob = users.register(bobName, true);
        bystanderBob = users.login(bobName, bob, true);
        try (TimClient a = users.login(aliceName, alice, false)) {
            Users.befriend(a, alice, bystanderBob, bob); // the bystanders' chat needs friendship
        }
    }

    /** Whatever the test did to its own socket, other users still chat. */
    @AfterEach
    void othersAreUnaffected() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.ping().get(15, TimeUnit.SECONDS);
            a.sendMessage(bob, "still here");
            bystanderBob.awaitMessage(m -> "still here".equals(m.getDataString()), WAIT);
            bystanderBob.ping().get(15, TimeUnit.SECONDS);
        } finally {
            bystanderBob.close();
        }
    }

    @Test
    void truncatedThriftGetsParameterIncorrectAndTheSocketLivesOn() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            byte[] body = ThriftCodec.INSTANCE.encode(new TimMessage().setMsType((byte) 2).setOdType((byte) 1)
                    .setToTid(new Tid(bob)).setDataString("cut short"));
            a.sendRaw(ClientFrame.build(FrameType.MESSAGE, false, Arrays.copyOf(body, body.length / 2)));
            assertError(a, FrameType.MESSAGE, ErrorCode.PARAMETER_INCORRECT);
            a.ping().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownFrameTypeGetsParameterIncorrectWithItsType() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.sendRaw(new byte[] {0x30});
            TimAck ack = assertError(a, 0x30, ErrorCode.PARAMETER_INCORRECT);
            assertEquals(48, ack.getTimType().intValue());
            a.sendRaw(new byte[] {FrameType.LOGOUT});
            assertError(a, FrameType.LOGOUT, ErrorCode.PARAMETER_INCORRECT);
            a.sendRaw(ClientFrame.build(FrameType.REGISTER, false, ThriftCodec.INSTANCE.encode(new TimAuth())));
            assertError(a, FrameType.REGISTER, ErrorCode.PARAMETER_INCORRECT);
        }
    }

    @Test
    void jsonGarbageGetsFormatError() throws Exception {
        try (TimClient b = users.login(aliceName, alice, true)) {
            b.sendRaw(ClientFrame.build(FrameType.MESSAGE, true, "{\"msType\":2, \"odType\":".getBytes()));
            assertError(b, FrameType.MESSAGE, ErrorCode.FORMAT_ERROR);
            b.sendRaw(ClientFrame.build(FrameType.MESSAGE, true, "not json at all".getBytes()));
            assertError(b, FrameType.MESSAGE, ErrorCode.FORMAT_ERROR);
            b.ping().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void messagesToNobodyOrOfTheWrongKindAreRefused() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.send(new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid("zzz0")).setDataString("x"));
            assertError(a, FrameType.MESSAGE, ErrorCode.ACCOUNT_INCORRECT);
            a.send(new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid("KrffBZqyqTL")).setDataString("x"));
            assertError(a, FrameType.MESSAGE, ErrorCode.ACCOUNT_INCORRECT); // well-formed but unregistered
            a.send(new TimMessage().setMsType((byte) 1).setOdType((byte) 1).setToTid(new Tid(bob)).setDataString("x"));
            assertError(a, FrameType.MESSAGE, ErrorCode.PARAMETER_INCORRECT); // system messages are for admins
            assertTrue(bystanderBob.expectNothing(f -> f.message() != null && "x".equals(f.message().getDataString()),
                    Duration.ofMillis(500)));
        }
    }

    @Test
    void aFrameOverTheSizeLimitClosesOnlyThatSocket() throws Exception {
        try (TimClient a = users.login(aliceName, alice, false)) {
            byte[] big = ThriftCodec.INSTANCE.encode(new TimMessage().setMsType((byte) 2).setOdType((byte) 1)
                    .setToTid(new Tid(bob)).setDataString("x".repeat(FRAME_LIMIT + 10)));
            a.sendRaw(ClientFrame.build(FrameType.MESSAGE, false, big));
            CloseStatus status = a.closeFuture().get(15, TimeUnit.SECONDS);
            assertEquals(1009, status.code(), status::toString);
            assertFalse(status.requested());
        }
        assertTrue(bystanderBob.expectNothing(f -> f.message() != null, Duration.ofMillis(300)));
    }

    @Test
    void framesBeforeLoginCloseTheSocketWithoutAReply() throws Exception {
        try (TimClient anonymous = users.client(false).build()) {
            anonymous.connect().get(15, TimeUnit.SECONDS);
            anonymous.sendMessage(bob, "who am I?");
            anonymous.closeFuture().get(15, TimeUnit.SECONDS);
            assertTrue(anonymous.inboxSnapshot().isEmpty(), () -> "got " + anonymous.inboxSnapshot());
        }
    }

    @Test
    void aPingBeforeLoginIsIgnoredAndTheLoginDeadlineClosesTheSocket() throws Exception {
        try (TimClient idle = users.client(false).build()) {
            idle.connect().get(15, TimeUnit.SECONDS);
            idle.sendRaw(new byte[] {FrameType.PING});
            assertTrue(idle.expectNothing(f -> true, Duration.ofMillis(1000)));
            assertTrue(idle.isOpen(), "a ping before login is not a reason to close");
            CloseStatus status = idle.closeFuture().get(15, TimeUnit.SECONDS);
            assertFalse(status.requested());
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithPermissionDenied() throws Exception {
        for (boolean json : new boolean[] {false, true}) {
            try (TimClient a = users.client(json).build()) {
                a.connect().get(15, TimeUnit.SECONDS);
                TimAck ack = a.login(aliceName, "wrong", null, "test", 1).get(15, TimeUnit.SECONDS);
                assertFalse(ack.getOk());
                assertEquals(ErrorCode.PERMISSION_DENIED.code(), ack.getError().getCode());
                assertEquals(FrameType.AUTH, ack.getTimType().intValue());
            }
        }
    }

    @Test
    void aTokenWorksOnceOnlyAndOnlyForItsAccount() throws Exception {
        String token = users.token(aliceName, false);
        try (TimClient first = users.client(false).build(); TimClient second = users.client(true).build()) {
            first.connect().get(15, TimeUnit.SECONDS);
            second.connect().get(15, TimeUnit.SECONDS);
            assertTrue(first.loginByToken(aliceName, token, null, "a", 1).get(15, TimeUnit.SECONDS).getOk());
            TimAck reused = second.loginByToken(aliceName, token, null, "b", 1).get(15, TimeUnit.SECONDS);
            assertFalse(reused.getOk());
            assertEquals(ErrorCode.ERROR_TOKEN.code(), reused.getError().getCode());
        }
        String another = users.token(aliceName, true);
        try (TimClient thief = users.client(false).build()) {
            thief.connect().get(15, TimeUnit.SECONDS);
            TimAck ack = thief.loginByToken("mallory", another, null, "x", 1).get(15, TimeUnit.SECONDS);
            assertEquals(ErrorCode.ERROR_TOKEN.code(), ack.getError().getCode());
        }
    }

    @Test
    void tim2AlwaysAnswersWithAnAck() throws Exception {
        URI tim2 = TimHttp.tim2Uri(users.ws());
        // HTTP/1.1 as tim's clients send it, and HTTP/2 as the JDK's client asks for it by default (an h2c upgrade).
        for (HttpClient.Version version : HttpClient.Version.values()) {
            assertAlwaysAnAck(HttpClient.newBuilder().version(version).build(), tim2);
        }
        TimHttp timHttp = new TimHttp();
        assertEquals(ErrorCode.HAS_EXIST.code(), code(() -> timHttp.register(users.ws(), aliceName, "x", null, false)));
        assertEquals(ErrorCode.NO_PASS.code(), code(() -> timHttp.token(users.ws(), aliceName, "wrong", null, true)));
    }

    /** An empty body, an unknown type and a cut-off register: each gets tim's ack, at once (not after a timeout). */
    private static void assertAlwaysAnAck(HttpClient http, URI tim2) throws Exception {
        for (byte[] body : new byte[][] {{}, {0x30}, {FrameType.REGISTER, 0x18, 0x7f}}) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(tim2).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), () -> body.length + " bytes over " + http.version());
            ServerFrame frame = ServerFrame.parse(r.body());
            assertEquals(FrameType.ACK, frame.type());
            TimAck ack = frame.decodeBody(false, TimAck.class);
            assertFalse(ack.getOk());
            assertEquals(ErrorCode.PARAMETER_INCORRECT.code(), ack.getError().getCode());
        }
    }

    private static int code(ThrowingCall call) {
        try {
            call.run();
        } catch (org.parley.client.TimException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a refusal");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static TimAck assertError(TimClient c, int timType, ErrorCode code) throws Exception {
        TimAck ack = c.awaitAck(a -> Boolean.FALSE.equals(a.getOk()) && a.getTimType() == timType, WAIT);
        assertEquals(code.code(), ack.getError().getCode(), ack::toString);
        return ack;
    }
}
