package org.parley.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.JsonCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;

/** The bytes each request method puts on the wire, in Thrift and in JSON mode (Appendix A and B). */
class TimClientFramesTest {

    static final String A = "KrffBZqyqTL";
    static final String B = "ZD9HTVV1Jca";

    private final FakeNetwork network = new FakeNetwork();

    private FakeNetwork.FakeTransport connect(TimClient client) throws Exception {
        client.connect().get(5, TimeUnit.SECONDS);
        return network.nextConnection();
    }

    private TimClient client(boolean json) {
        return TimClient.builder("ws://localhost:20003/tim").json(json).transportFactory(network)
                .callbackExecutor(Runnable::run).build();
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** Decodes a JSON-mode frame body after checking byte 0. */
    static <T extends org.parley.protocol.TimStruct<T>> T jsonBody(byte[] frame, int type, Class<T> struct) {
        assertEquals(type | 0x80, frame[0] & 0xFF, "byte 0");
        assertEquals('{', frame[1], "JSON body");
        return JsonCodec.INSTANCE.decode(frame, 1, frame.length - 1, struct);
    }

    @Test
    void connectsToTheUriWithTimsOrigin() throws Exception {
        connect(client(false));
        assertEquals("ws://localhost:20003/tim", network.lastUri.toString());
        assertEquals("https://github.com/donnie4w/tim", network.lastOrigin);
    }

    @Test
    void thriftPasswordLoginIsAppendixA1() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.login("alice", "123", null, "web", 1);
        assertEquals("10 18 05 61 6c 69 63 65 18 03 31 32 33 28 03 77 65 62 13 01 00", hex(t.nextSent()));
    }

    @Test
    void thriftTokenLoginIsAppendixA3() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.loginByToken("alice", "h3NZByXYMA9", null, "web", 1);
        assertEquals("10 18 05 61 6c 69 63 65 38 03 77 65 62 13 01 18 0b 68 33 4e 5a 42 79 58 59 4d 41 39 00",
                hex(t.nextSent()));
    }

    @Test
    void thriftTextMessageIsAppendixA5() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.sendMessage(B, "hi").get(5, TimeUnit.SECONDS);
        assertEquals("5a 13 02 13 01 5c 18 0b 5a 44 39 48 54 56 56 31 4a 63 61 00 38 02 68 69 00", hex(t.nextSent()));
    }

    @Test
    void thriftRoomMessageIsAppendixA13() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.sendRoomMessage("Do9Mze4oBH9", "hi all");
        assertEquals("5a 13 03 13 01 6c 18 0b 44 6f 39 4d 7a 65 34 6f 42 48 39 00 28 06 68 69 20 61 6c 6c 00",
                hex(t.nextSent()));
    }

    @Test
    void thriftPullIsAppendixA8() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.pullHistory(B, 0, 20);
        assertEquals("15 15 02 18 0b 5a 44 39 48 54 56 56 31 4a 63 61 26 00 16 28 00", hex(t.nextSent()));
    }

    @Test
    void thriftRevokeIsAppendixA14() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.revoke(B, 7);
        assertEquals("5c 13 02 13 02 26 0e 3c 18 0b 5a 44 39 48 54 56 56 31 4a 63 61 00 00", hex(t.nextSent()));
    }

    @Test
    void thriftBurnAndRoomRevoke() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.burn(A, 9);
        byte[] burn = t.nextSent();
        assertEquals(FrameType.BURNMESSAGE, burn[0]);
        TimMessage m = org.parley.protocol.ThriftCodec.INSTANCE.decode(burn, 1, burn.length - 1, TimMessage.class);
        assertEquals(new TimMessage().setMsType((byte) 2).setOdType((byte) 3).setMid(9L).setToTid(new Tid(A)), m);

        client.revokeRoomMessage("Do9Mze4oBH9", 4);
        byte[] revoke = t.nextSent();
        assertEquals(FrameType.REVOKEMESSAGE, revoke[0]);
        m = org.parley.protocol.ThriftCodec.INSTANCE.decode(revoke, 1, revoke.length - 1, TimMessage.class);
        assertEquals(new TimMessage().setMsType((byte) 3).setOdType((byte) 2).setMid(4L)
                .setRoomTid(new Tid("Do9Mze4oBH9")), m);
    }

    @Test
    void thriftSmallFramesAreAppendixA18() throws Exception {
        TimClient client = client(false);
        FakeNetwork.FakeTransport t = connect(client);
        client.ping();
        assertEquals("0d", hex(t.nextSent()));
        client.fetchOffline();
        assertEquals("11", hex(t.nextSent()));
        client.requestOffline();
        assertEquals("11", hex(t.nextSent()));
        client.ack(0x01020304);
        assertEquals("0c 01 02 03 04", hex(t.nextSent()));
        client.business(new TimReq().setRtype(1));
        assertEquals("29 15 02 00", hex(t.nextSent()));
        client.vroom(new TimReq().setRtype(1));
        assertEquals("16 15 02 00", hex(t.nextSent()));
        client.broadPresence(new TimPresence().setSubStatus((byte) 1).setStatus("online"));
        assertEquals("13 33 01 58 06 6f 6e 6c 69 6e 65 00", hex(t.nextSent()));
        client.presence(new TimPresence().setSubStatus((byte) 1).setToTid(new Tid(B)).setShow((short) 1)
                .setStatus("busy"));
        assertEquals("5b 33 01 2c 18 0b 5a 44 39 48 54 56 56 31 4a 63 61 00 24 02 18 04 62 75 73 79 00",
                hex(t.nextSent()));
        client.nodes(new TimNodes().setNtype(4).setNodelist(List.of(B)));
        assertEquals("2a 15 08 19 18 0b 5a 44 39 48 54 56 56 31 4a 63 61 00", hex(t.nextSent()));
        client.stream(new TimStream().setId(0L).setVNode("Do9Mze4oBH9").setBody(new byte[] {1, 2, 3}).setFromNode(""));
        assertEquals("5e 16 00 18 0b 44 6f 39 4d 7a 65 34 6f 42 48 39 28 03 01 02 03 18 00 00", hex(t.nextSent()));
    }

    @Test
    void bigDataFrames() throws Exception {
        TimClient thrift = client(false);
        FakeNetwork.FakeTransport t = connect(thrift);
        thrift.sendBigString(A, "big text");
        byte[] expected = new byte[25];
        expected[0] = 0x5F;
        expected[4] = 0x19;
        System.arraycopy((A + "|big text").getBytes(StandardCharsets.US_ASCII), 0, expected, 5, 20);
        assertArrayEquals(expected, t.nextSent());
        thrift.sendBigData(new BigData(FrameType.BIGSTRING, A, "plain".getBytes(StandardCharsets.UTF_8)), false);
        assertArrayEquals(("_" + A + "|plain").getBytes(StandardCharsets.US_ASCII), t.nextSent());

        TimClient json = client(true);
        FakeNetwork.FakeTransport j = connect(json);
        json.sendBigString(A, "big text");
        expected[0] = (byte) 0xDF;
        assertArrayEquals(expected, j.nextSent()); // §7.14 step 1
        json.sendBigBinary(A, new byte[] {9, 8});
        assertEquals("e0 00 00 00 13 " + hex(A.getBytes(StandardCharsets.US_ASCII)) + " 83 09 08", hex(j.nextSent()));
        json.sendBigData(new BigData(FrameType.BIGBINARY, A, new byte[] {7}), false);
        assertEquals("e0 " + hex(A.getBytes(StandardCharsets.US_ASCII)) + " 83 07", hex(j.nextSent()));
    }

    @Test
    void jsonModeSetsBit7OnEveryFrame() throws Exception {
        TimClient client = client(true);
        FakeNetwork.FakeTransport t = connect(client);

        client.login("bob", "123", null, "web", 1);
        TimAuth auth = jsonBody(t.nextSent(), FrameType.AUTH, TimAuth.class);
        assertEquals(new TimAuth().setName("bob").setPwd("123").setResource("web").setTermtyp((byte) 1), auth);

        client.loginByToken("bob", "T", "d", "web", 2);
        assertEquals(new TimAuth().setName("bob").setToken("T").setDomain("d").setResource("web").setTermtyp((byte) 2),
                jsonBody(t.nextSent(), FrameType.AUTH, TimAuth.class));

        client.sendMessage(A, "hi");
        assertEquals(new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid(A)).setDataString("hi"),
                jsonBody(t.nextSent(), FrameType.MESSAGE, TimMessage.class));

        client.revoke(A, 7);
        assertEquals(7L, jsonBody(t.nextSent(), FrameType.REVOKEMESSAGE, TimMessage.class).getMid());
        client.burn(A, 8);
        assertEquals((byte) 3, jsonBody(t.nextSent(), FrameType.BURNMESSAGE, TimMessage.class).getOdType());

        client.pullHistory(A, 5, 2);
        assertEquals(new TimReq().setRtype(1).setNode(A).setReqInt(5L).setReqInt2(2L),
                jsonBody(t.nextSent(), FrameType.PULLMESSAGE, TimReq.class));
        client.pullRoomHistory("R", 0, 3);
        assertEquals(2, jsonBody(t.nextSent(), FrameType.PULLMESSAGE, TimReq.class).getRtype());

        client.ping();
        assertEquals("8d", hex(t.nextSent()));
        client.fetchOffline();
        assertEquals("91", hex(t.nextSent()));
        client.ack(5);
        assertEquals("8c 00 00 00 05", hex(t.nextSent()));
        client.sendFrame(0x30, new TimReq());
        assertEquals("b0 7b 7d", hex(t.nextSent())); // 0x80|0x30, "{}"
    }

    @Test
    void sendRawSendsExactlyTheBytes() throws Exception {
        TimClient client = client(true);
        FakeNetwork.FakeTransport t = connect(client);
        byte[] garbage = {(byte) 0xDA, '{', 'x'};
        client.sendRaw(garbage);
        garbage[1] = 0; // the client kept its own copy
        assertEquals("da 7b 78", hex(t.nextSent()));
    }

    @Test
    void sendingWithoutConnectionFails() {
        TimClient client = client(false);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.sendMessage(B, "hi").get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ConnectionClosedException, e.getCause().toString());
        assertNull(client.node());
    }

    @Test
    void termtypMustFitInAByte() throws Exception {
        TimClient client = client(false);
        connect(client);
        assertThrows(IllegalArgumentException.class, () -> client.login("a", "b", null, "web", 300));
    }

    @Test
    void builderRejectsNonWebSocketUris() {
        assertThrows(IllegalArgumentException.class, () -> TimClient.builder("http://localhost/tim"));
    }
}
