package org.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.protocol.Samples.A;
import static org.parley.protocol.Samples.B;
import static org.parley.protocol.Samples.R;
import static org.parley.protocol.Samples.TS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The struct byte dumps of Appendix A, both ways. */
class ThriftVectorsTest {

    private static final String A_HEX = "4b 72 66 66 42 5a 71 79 71 54 4c";
    private static final String B_HEX = "5a 44 39 48 54 56 56 31 4a 63 61";
    private static final String R_HEX = "44 6f 39 4d 7a 65 34 6f 42 48 39";
    private static final String TS_HEX = "80 80 d0 e2 c6 bf ce 97 2f";

    /** Whole frames: byte 0 is the frame type, the rest the body. */
    static Stream<Arguments> frames() {
        return Stream.of(
                frame("A.1 auth", "10 18 05 61 6c 69 63 65 18 03 31 32 33 28 03 77 65 62 13 01 00",
                        new TimAuth().setName("alice").setPwd("123").setResource("web").setTermtyp((byte) 1)),
                frame("A.2 register", "0e 18 05 61 6c 69 63 65 18 03 31 32 33 00",
                        new TimAuth().setName("alice").setPwd("123")),
                frame("A.3 token auth", "10 18 05 61 6c 69 63 65 38 03 77 65 62 13 01 18 0b"
                                + " 68 33 4e 5a 42 79 58 59 4d 41 39 00",
                        new TimAuth().setName("alice").setResource("web").setTermtyp((byte) 1).setToken("h3NZByXYMA9")),
                frame("A.4a auth ok", "0c 11 13 10 26 8d da 96 01 18 0b " + A_HEX
                                + " 28 0b 35 67 54 65 4e 5a 31 4b 69 46 33 00",
                        new TimAck().setOk(true).setTimType((byte) 16).setT(-1234567L).setN(A).setN2("5gTeNZ1KiF3")),
                frame("A.4b register ok", "0c 11 13 0e 38 0b " + A_HEX + " 00",
                        new TimAck().setOk(true).setTimType((byte) 14).setN(A)),
                frame("A.4c token ok", "0c 11 13 0f 38 0b 68 33 4e 5a 42 79 58 59 4d 41 39 00",
                        new TimAck().setOk(true).setTimType((byte) 15).setN("h3NZByXYMA9")),
                frame("A.4d auth failed", "0c 12 13 10 1c 15 92 40 18 11"
                                + " 70 65 72 6d 69 73 73 69 6f 6e 20 64 65 6e 69 65 64 00 00",
                        new TimAck().setOk(false).setTimType((byte) 16)
                                .setError(ErrorCode.PERMISSION_DENIED.toTimError())),
                frame("A.5 message", "5a 13 02 13 01 5c 18 0b " + B_HEX + " 00 38 02 68 69 00",
                        new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid(B))
                                .setDataString("hi")),
                frame("A.6 message echo", "5a 13 02 13 01 16 54 16 0e 2c 18 0b " + A_HEX
                                + " 28 03 77 65 62 13 01 00 1c 18 0b " + B_HEX + " 00 38 02 68 69 26 " + TS_HEX + " 00",
                        a6()),
                frame("A.7 addroster", "29 15 08 18 0b " + B_HEX + " 48 05 68 65 6c 6c 6f 00",
                        new TimReq().setRtype(4).setNode(B).setReqStr("hello")),
                frame("A.8 pull", "15 15 02 18 0b " + B_HEX + " 26 00 16 28 00",
                        new TimReq().setRtype(1).setNode(B).setReqInt(0L).setReqInt2(20L)),
                frame("A.9 presence", "5b 33 01 2c 18 0b " + B_HEX + " 00 24 02 18 04 62 75 73 79 00",
                        new TimPresence().setSubStatus((byte) 1).setToTid(new Tid(B)).setShow((short) 1)
                                .setStatus("busy")),
                frame("A.10 userinfo", "2a 15 08 19 18 0b " + B_HEX + " 00",
                        new TimNodes().setNtype(4).setNodelist(List.of(B))),
                frame("A.11 offline batch", "11 16 0a 19 1c 13 02 13 01 26 0e 2c 18 0b " + A_HEX + " 00 1c 18 0b "
                                + B_HEX + " 00 38 02 68 69 11 16 " + TS_HEX + " 00 00",
                        a11()),
                frame("A.12 offline presence", "5b 16 54 11 2c 18 0b " + A_HEX + " 00 1c 18 0b " + B_HEX + " 00 00",
                        new TimPresence().setId(42L).setOffline(true).setFromTid(new Tid(A)).setToTid(new Tid(B))),
                frame("A.13 room message", "5a 13 03 13 01 6c 18 0b " + R_HEX + " 00 28 06 68 69 20 61 6c 6c 00",
                        new TimMessage().setMsType((byte) 3).setOdType((byte) 1).setRoomTid(new Tid(R))
                                .setDataString("hi all")),
                frame("A.14 revoke", "5c 13 02 13 02 26 0e 3c 18 0b " + B_HEX + " 00 00",
                        new TimMessage().setMsType((byte) 2).setOdType((byte) 2).setMid(7L).setToTid(new Tid(B))),
                frame("A.16 stream", "5e 16 00 18 0b " + R_HEX + " 28 03 01 02 03 18 00 00",
                        new TimStream().setId(0L).setVNode(R).setBody(new byte[] {1, 2, 3}).setFromNode("")),
                frame("A.17 business ack", "0c 11 13 29 26 0c 18 0b " + A_HEX + " 00",
                        new TimAck().setOk(true).setTimType((byte) 41).setT(6L).setN(A)),
                frame("A.18 vroom new", "16 15 02 00", new TimReq().setRtype(1)),
                frame("A.18 roster", "29 15 02 00", new TimReq().setRtype(1)),
                frame("A.18 newroom", "29 15 10 18 05 72 6f 6f 6d 31 26 04 00",
                        new TimReq().setRtype(8).setNode("room1").setReqInt(2L)),
                frame("A.18 broadpresence", "13 33 01 58 06 6f 6e 6c 69 6e 65 00",
                        new TimPresence().setSubStatus((byte) 1).setStatus("online")),
                frame("A.18 modifyuser", "2a 15 0c 2b 01 8c 00 18 05 41 6c 69 63 65 00 00",
                        new TimNodes().setNtype(6).setUsermap(Map.of("", new TimUserBean().setName("Alice")))));
    }

    static TimMessage a6() {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setId(42L).setMid(7L)
                .setFromTid(new Tid(A).setResource("web").setTermtyp((byte) 1)).setToTid(new Tid(B))
                .setDataString("hi").setTimestamp(TS);
    }

    static TimMessageList a11() {
        TimMessage message = new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setMid(7L)
                .setFromTid(new Tid(A)).setToTid(new Tid(B)).setDataString("hi").setIsOffline(true).setTimestamp(TS);
        return new TimMessageList().setId(5L).setMessageList(List.of(message));
    }

    private static Arguments frame(String name, String hex, TimStruct<?> struct) {
        return Arguments.of(name, Hex.bytes(hex), struct);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void decodesFrame(String name, byte[] frame, TimStruct<?> expected) {
        ClientFrame parsed = ClientFrame.parse(frame);
        assertEquals(expected, parsed.decodeBody(Samples.typeOf(expected)), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void encodesFrame(String name, byte[] frame, TimStruct<?> struct) {
        byte[] body = ThriftCodec.INSTANCE.encode(struct);
        // Client and plain server frames share the layout [type][body].
        assertEquals(Hex.dump(frame), Hex.dump(ClientFrame.build(frame[0], false, body)), name);
        assertEquals(Hex.dump(frame), Hex.dump(ServerFrame.plain(frame[0], body)), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void survivesJsonToo(String name, byte[] frame, TimStruct<?> struct) {
        byte[] json = JsonCodec.INSTANCE.encode(struct);
        assertEquals(struct, JsonCodec.INSTANCE.decode(json, Samples.typeOf(struct)), name);
    }

    @Test
    void a15NoticeBody() {
        byte[] body = Hex.bytes("13 02 13 04 16 54 25 08 1c 18 0b " + A_HEX + " 00 1c 18 0b " + B_HEX
                + " 00 38 05 68 65 6c 6c 6f 26 " + TS_HEX + " 00");
        TimMessage notice = new TimMessage().setMsType((byte) 2).setOdType((byte) 4).setId(42L).setBnType(4)
                .setFromTid(new Tid(A)).setToTid(new Tid(B)).setDataString("hello").setTimestamp(TS);
        assertEquals(notice, ThriftCodec.INSTANCE.decode(body, TimMessage.class));
        assertArrayEquals(body, ThriftCodec.INSTANCE.encode(notice));
    }

    @Test
    void a6AsAckRequiredPush() {
        byte[] body = ThriftCodec.INSTANCE.encode(a6());
        byte[] push = ServerFrame.ackRequired(FrameType.MESSAGE, 0x01020304, body);
        assertArrayEquals(Hex.concat(Hex.bytes("da 01 02 03 04"), body), push);
        ServerFrame parsed = ServerFrame.parse(push);
        assertTrue(parsed.ackRequired());
        assertEquals(FrameType.MESSAGE, parsed.type());
        assertEquals(0x01020304, parsed.syncId());
        assertEquals(a6(), parsed.decodeBody(false, TimMessage.class));
    }

    @Test
    void a11AsAckRequiredBatch() {
        byte[] batch = ServerFrame.ackRequired(FrameType.OFFLINEMSG, 9, ThriftCodec.INSTANCE.encode(a11()));
        assertEquals((byte) 0x91, batch[0]);
        assertEquals(a11(), ServerFrame.parse(batch).decodeBody(false, TimMessageList.class));
    }

    @Test
    void a19PaddedAtimFramesDecode() {
        byte[] auth = Hex.bytes("10 18 05 61 6c 69 63 65 18 03 31 32 33 28 03 77 65 62 13 01 00"
                + " 00 00 00 00 00 00 00 00");
        assertEquals(29, auth.length);
        assertEquals(new TimAuth().setName("alice").setPwd("123").setResource("web").setTermtyp((byte) 1),
                ClientFrame.parse(auth).decodeBody(TimAuth.class));

        byte[] sub = Hex.concat(Hex.bytes("16 15 0a 18 0b " + R_HEX + " 00"), new byte[14]);
        assertEquals(31, sub.length);
        assertEquals(new TimReq().setRtype(5).setNode(R), ClientFrame.parse(sub).decodeBody(TimReq.class));
    }

    @Test
    void requiredFieldsAreWrittenAsZeroWhenUnset() {
        assertEquals("11 13 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimAck().setOk(true))));
        assertEquals("12 13 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimAck())));
        assertEquals("18 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new Tid())));
        assertEquals("16 00 18 00 38 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimStream())));
        assertEquals("15 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimNodes())));
        assertEquals("13 00 13 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimMessage())));
        // ...and a nested Tid gets its node too.
        assertEquals("13 00 13 00 6c 18 00 00 00",
                Hex.dump(ThriftCodec.INSTANCE.encode(new TimMessage().setRoomTid(new Tid()))));
        // Optional-only structs are empty.
        assertEquals("00", Hex.dump(ThriftCodec.INSTANCE.encode(new TimReq())));
    }

    @Test
    void missingRequiredFieldsAreNotRejected() {
        TimAck ack = ThriftCodec.INSTANCE.decode(Hex.bytes("00"), TimAck.class);
        assertEquals(new TimAck(), ack);
        assertEquals(null, ack.getOk());
    }

    @Test
    void everyFullyPopulatedStructRoundTrips() {
        for (TimStruct<?> struct : Samples.allFull()) {
            byte[] body = ThriftCodec.INSTANCE.encode(struct);
            assertEquals(struct, ThriftCodec.INSTANCE.decode(body, Samples.typeOf(struct)));
        }
    }

    @Test
    void emptyContainersSurviveThrift() {
        TimNodes nodes = new TimNodes().setNtype(4).setNodelist(List.of()).setUsermap(new LinkedHashMap<>());
        assertEquals("15 08 19 08 1b 00 00", Hex.dump(ThriftCodec.INSTANCE.encode(nodes)));
        assertEquals(nodes, ThriftCodec.INSTANCE.decode(ThriftCodec.INSTANCE.encode(nodes), TimNodes.class));
    }
}
