package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.parley.client.TimClientFramesTest.hex;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimError;

/** {@code /tim2}: URL derivation, request bytes, response parsing, against a local HTTP server. */
class TimHttpTest {

    /** What the fake server saw: method, path, Origin header, body. */
    record Seen(String method, String path, String origin, byte[] body) {
    }

    private HttpServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final AtomicReference<byte[]> reply = new AtomicReference<>(new byte[0]);
    private volatile int status = 200;
    private URI wsBase;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Origin"), body));
            byte[] answer = reply.get();
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        wsBase = URI.create("ws://127.0.0.1:" + server.getAddress().getPort() + "/tim");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Seen lastRequest() throws InterruptedException {
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no request");
        }
        return s;
    }

    @Test
    void derivesTim2FromAnyServerUrl() {
        assertEquals(URI.create("http://h:20003/tim2"), TimHttp.tim2Uri(URI.create("ws://h:20003/tim")));
        assertEquals(URI.create("https://h:20003/tim2"), TimHttp.tim2Uri(URI.create("wss://h:20003/tim")));
        assertEquals(URI.create("https://h/tim2"), TimHttp.tim2Uri(URI.create("WSS://h/tim?x=1#f")));
        assertEquals(URI.create("http://h:8080/tim2"), TimHttp.tim2Uri(URI.create("http://h:8080/")));
        assertEquals(URI.create("http://[::1]:1/tim2"), TimHttp.tim2Uri(URI.create("ws://[::1]:1/tim")));
        assertThrows(IllegalArgumentException.class, () -> TimHttp.tim2Uri(URI.create("ftp://h/tim")));
        assertThrows(IllegalArgumentException.class, () -> TimHttp.tim2Uri(URI.create("tim")));
    }

    @Test
    void registerPostsAppendixA2AndReadsTheNode() throws Exception {
        reply.set(TimClientFramesTest.hex("0c 11 13 0e 38 0b 4b 72 66 66 42 5a 71 79 71 54 4c 00")); // A.4b
        String node = new TimHttp().register(wsBase, "alice", "123", null, false);
        assertEquals("KrffBZqyqTL", node);
        Seen s = lastRequest();
        assertEquals("POST", s.method());
        assertEquals("/tim2", s.path());
        assertEquals("https://github.com/donnie4w/tim", s.origin());
        assertEquals("0e 18 05 61 6c 69 63 65 18 03 31 32 33 00", hex(s.body()));
    }

    @Test
    void registerRefusedThrowsTheTimError() throws Exception {
        reply.set(concat(new byte[] {FrameType.ACK}, org.parley.protocol.ThriftCodec.INSTANCE.encode(
                new TimAck().setOk(false).setTimType((byte) 14).setError(new TimError(4101, "has exist")))));
        TimException e = assertThrows(TimException.class, () -> new TimHttp().register(wsBase, "alice", "123", null, false));
        assertEquals(4101, e.code());
        assertEquals("has exist", e.info());
    }

    @Test
    void jsonRegisterAndToken() throws Exception {
        reply.set(("\f" + "{\"ok\":true,\"timType\":14,\"n\":\"NODE\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("NODE", new TimHttp().register(wsBase, "dave", "123", "dom", true));
        Seen s = lastRequest();
        assertEquals(0x8E, s.body()[0] & 0xFF);
        assertEquals(org.parley.protocol.JsonCodec.INSTANCE.decode(s.body(), 1, s.body().length - 1,
                org.parley.protocol.TimAuth.class), new org.parley.protocol.TimAuth().setName("dave").setPwd("123")
                .setDomain("dom"));

        reply.set(("\f" + "{\"ok\":true,\"timType\":15,\"n\":\"h3NZByXYMA9\",\"t\":123}").getBytes(StandardCharsets.UTF_8));
        assertEquals("h3NZByXYMA9", new TimHttp().token(wsBase, "dave", "123", null, true));
        assertEquals(0x8F, lastRequest().body()[0] & 0xFF);
    }

    @Test
    void tokenFallsBackToT() throws Exception {
        reply.set(concat(new byte[] {FrameType.ACK}, org.parley.protocol.ThriftCodec.INSTANCE.encode(
                new TimAck().setOk(true).setTimType((byte) 15).setT(987654321L))));
        assertEquals("987654321", new TimHttp().tokenAsync(wsBase, "alice", "123", null, false).get(5, TimeUnit.SECONDS));
        assertEquals(FrameType.TOKEN, lastRequest().body()[0]);
    }

    @Test
    void wrongPasswordFailsTheAsyncTokenWithTheCode() {
        reply.set(concat(new byte[] {FrameType.ACK}, org.parley.protocol.ThriftCodec.INSTANCE.encode(
                new TimAck().setOk(false).setTimType((byte) 15).setError(new TimError(4102, "no pass")))));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new TimHttp().tokenAsync(wsBase, "alice", "x", null, false).get(5, TimeUnit.SECONDS));
        assertEquals(4102, assertInstanceOf(TimException.class, e.getCause()).code());
    }

    @Test
    void postReturnsAFailedAckWithoutThrowing() throws Exception {
        TimAck refused = new TimAck().setOk(false).setTimType((byte) 14).setError(new TimError(5103, "database error"));
        reply.set(concat(new byte[] {FrameType.ACK}, org.parley.protocol.ThriftCodec.INSTANCE.encode(refused)));
        assertEquals(refused, new TimHttp().post(wsBase, FrameType.REGISTER, TimHttp.auth("a", "b", null), false));
    }

    @Test
    void emptyOrNonOkHttpAnswersAreProtocolErrors() {
        reply.set(new byte[0]);
        assertThrows(ProtocolException.class, () -> new TimHttp().register(wsBase, "alice", "123", null, false));
        status = 500;
        assertThrows(ProtocolException.class, () -> new TimHttp().token(wsBase, "alice", "123", null, false));
        status = 200;
        reply.set(new byte[] {FrameType.PING});
        assertThrows(ProtocolException.class, () -> new TimHttp().token(wsBase, "alice", "123", null, false));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
