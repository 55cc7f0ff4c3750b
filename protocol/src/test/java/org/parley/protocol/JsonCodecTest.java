package org.parley.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.parley.protocol.Samples.A;
import static org.parley.protocol.Samples.B;
import static org.parley.protocol.Samples.R;
import static org.parley.protocol.Samples.TS;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON bodies (§1.7) against Appendix B. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard only: under load these take far longer than alone
class JsonCodecTest {

    private static final JsonCodec CODEC = JsonCodec.INSTANCE;

    private static String json(TimStruct<?> struct) {
        return new String(CODEC.encode(struct), UTF_8);
    }

    private static <T extends TimStruct<T>> T parse(String json, Class<T> type) {
        return CODEC.decode(json.getBytes(UTF_8), type);
    }

    @Test
    void everyFullyPopulatedStructRoundTrips() {
        for (TimStruct<?> struct : Samples.allFull()) {
            assertEquals(struct, CODEC.decode(CODEC.encode(struct), Samples.typeOf(struct)), json(struct));
        }
    }

    // --- Appendix B, client to server: timjs sends every key, null when unset ---

    @Test
    void decodesTimjsAuth() {
        byte[] frame = Hex.concat(new byte[] {(byte) 0x90}, ("{\"name\":\"bob\",\"pwd\":\"123\",\"domain\":null,"
                + "\"resource\":\"web\",\"termtyp\":1,\"token\":null,\"extend\":null}").getBytes(UTF_8));
        ClientFrame parsed = ClientFrame.parse(frame);
        assertEquals(FrameType.AUTH, parsed.type());
        assertEquals(new TimAuth().setName("bob").setPwd("123").setResource("web").setTermtyp((byte) 1),
                parsed.decodeBody(TimAuth.class));
    }

    @Test
    void decodesTimjsMessage() {
        String json = "{\"msType\":2,\"odType\":1,\"id\":null,\"mid\":null,\"bnType\":null,\"fromTid\":null,"
                + "\"toTid\":{\"node\":\"" + A + "\",\"domain\":null,\"resource\":null,\"termtyp\":null},"
                + "\"roomTid\":null,\"dataString\":\"hi\",\"dataBinary\":null,\"isOffline\":null,\"timestamp\":null,"
                + "\"udtype\":null,\"udshow\":null,\"extend\":null,\"extra\":null}";
        byte[] frame = Hex.concat(new byte[] {(byte) 0xDA}, json.getBytes(UTF_8));
        assertEquals(new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid(A)).setDataString("hi"),
                ClientFrame.parse(frame).decodeBody(TimMessage.class));
    }

    @Test
    void decodesTimjsPull() {
        String json = "{\"rtype\":1,\"node\":\"" + A + "\",\"node2\":null,\"reqInt\":0,\"reqInt2\":20,"
                + "\"reqStr\":null,\"reqStr2\":null}";
        assertEquals(new TimReq().setRtype(1).setNode(A).setReqInt(0L).setReqInt2(20L), parse(json, TimReq.class));
    }

    @Test
    void decodesTimjsStreamWithLowerCaseVNode() {
        String json = "{\"id\":null,\"vNode\":\"" + R + "\",\"dtype\":null,\"body\":\"AQID\",\"fromNode\":null}";
        assertEquals(new TimStream().setVNode(R).setBody(new byte[] {1, 2, 3}), parse(json, TimStream.class));
    }

    @Test
    void acceptsATokenSentAsANumber() {
        TimAuth auth = parse("{\"name\":\"\",\"token\":1234567890123456789}", TimAuth.class);
        assertEquals("1234567890123456789", auth.getToken());
        assertEquals("", auth.getName());
    }

    @Test
    void matchesKeysIgnoringCase() {
        assertEquals(new TimAck().setOk(true).setTimType((byte) 16).setN2("x"),
                parse("{\"OK\":true,\"TIMTYPE\":16,\"N2\":\"x\"}", TimAck.class));
        assertEquals(new TimMessage().setToList(List.of(A)), parse("{\"tolist\":[\"" + A + "\"]}", TimMessage.class));
    }

    @Test
    void ignoresUnknownKeysOfAnyShape() {
        String json = "{\"zz\":{\"a\":[1,{\"b\":[]}],\"c\":{}},\"node\":\"" + A + "\",\"yy\":[[],[{}]],\"xx\":null,"
                + "\"ww\":\"s\",\"vv\":1.5e3,\"resource\":\"web\"}";
        assertEquals(new Tid(A).setResource("web"), parse(json, Tid.class));
    }

    @Test
    void fieldsThatDoNotFitAreLeftUnset() {
        String json = "{\"name\":\"n\",\"termtyp\":300,\"domain\":true,\"extend\":[1],\"resource\":{\"x\":1}}";
        assertEquals(new TimAuth().setName("n"), parse(json, TimAuth.class));
        assertEquals(new TimAck().setTimType((byte) 1),
                parse("{\"ok\":1,\"timType\":1,\"t\":1.5,\"t2\":99999999999999999999,\"error\":\"e\"}", TimAck.class));
        assertEquals(new TimStream().setId(1L), parse("{\"id\":1,\"body\":\"***\",\"dtype\":false}", TimStream.class));
    }

    @Test
    void acceptsNumericStringsForIntegers() {
        assertEquals(new TimReq().setRtype(1).setReqInt(-5L), parse("{\"rtype\":\"1\",\"reqInt\":\" -5 \"}", TimReq.class));
        assertEquals(new TimReq(), parse("{\"rtype\":\"one\"}", TimReq.class));
    }

    @Test
    void dropsNullAndMisfitElements() {
        TimNodes nodes = parse("{\"ntype\":4,\"nodelist\":[\"" + A + "\",null,7,true,\"" + B + "\"],"
                + "\"usermap\":{\"" + A + "\":{\"name\":\"Alice\"},\"" + B + "\":null,\"x\":3}}", TimNodes.class);
        assertEquals(new TimNodes().setNtype(4).setNodelist(List.of(A, "7", B))
                .setUsermap(Map.of(A, new TimUserBean().setName("Alice"))), nodes);
    }

    @Test
    void readsUtf8AndEscapes() {
        TimMessage message = parse("{\"msType\":1,\"odType\":1,"
                + "\"dataString\":\"h\\u00e9 \\u2713 \\ud83d\\ude00 <&> 中\"}", TimMessage.class);
        assertEquals("hé ✓ 😀 <&> 中", message.getDataString());
        assertEquals(message, CODEC.decode(CODEC.encode(message), TimMessage.class));
    }

    @Test
    void ignoresWhatFollowsTheObject() {
        assertEquals(new Tid(A), parse("{\"node\":\"" + A + "\"}\n\0\0", Tid.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[]", "[{}]", "\"x\"", "42", "null", "true", "{\"a\":}", "{\"a\" 1}",
            "{\"node\":\"x\",}", "{node:1}", "not json", "{\"node\":\"x\"", "{\"extend\":{\"k\":\"v\"}"})
    void garbageIsAProtocolException(String json) {
        assertThrows(ProtocolException.class, () -> parse(json, Tid.class));
    }

    @Test
    void aNumberPastTheParsersDigitLimitIsAProtocolError() {
        // 1,101 digits: Parsson refuses numbers over 1,100 characters with a plain RuntimeException (/tim2 used to
        // answer such a termtyp with 5103 and a stack trace).
        String huge = "{\"name\":\"a\",\"termtyp\":" + "1".repeat(1_101) + "}";
        assertThrows(ProtocolException.class, () -> CODEC.decode(Hex.ascii(huge), TimAuth.class));
        String large = "{\"name\":\"a\",\"termtyp\":" + "1".repeat(30) + "}";
        assertEquals(null, CODEC.decode(Hex.ascii(large), TimAuth.class).getTermtyp(), "out of range: left unset");
    }

    @Test
    void nestingBeyondTheParsersLimitIsAProtocolError() {
        String deep = "{\"node\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertThrows(ProtocolException.class, () -> CODEC.decode(Hex.ascii(deep), Tid.class));
    }

    @Test
    void invalidUtf8IsHandled() {
        // Either replaced or refused, but never any other exception.
        byte[] bad = Hex.concat(Hex.ascii("{\"node\":\""), new byte[] {(byte) 0xC3, (byte) 0x28}, Hex.ascii("\"}"));
        try {
            CODEC.decode(bad, Tid.class);
        } catch (ProtocolException expected) {
            // fine
        }
        assertThrows(ProtocolException.class, () -> CODEC.decode(new byte[] {(byte) 0xFF, (byte) 0xFE}, Tid.class));
    }

    @Test
    void truncatedJsonIsAProtocolException() {
        for (TimStruct<?> struct : List.of(Samples.message(), Samples.nodesStruct(), Samples.messageList())) {
            byte[] full = CODEC.encode(struct);
            for (int cut = 0; cut < full.length; cut++) {
                int length = cut;
                assertThrows(ProtocolException.class, () -> CODEC.decode(full, 0, length, Samples.typeOf(struct)),
                        () -> new String(full, 0, length, UTF_8));
            }
        }
    }

    /** Mutated encodings: each decode either works or throws ProtocolException. */
    @Test
    void garbageOnlyEverThrowsProtocolException() {
        Random random = new Random(20260707);
        byte[] alphabet = Hex.ascii("{}[]:,\"\\ 0123456789.eE-+tfnul");
        List<byte[]> seeds = Samples.allFull().stream().map(CODEC::encode).toList();
        for (int round = 0; round < 20_000; round++) {
            TimStruct<?> sample = Samples.allFull().get(round % seeds.size());
            byte[] input = seeds.get(round % seeds.size()).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                input[random.nextInt(input.length)] = random.nextBoolean()
                        ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            try {
                CODEC.decode(input, Samples.typeOf(sample));
            } catch (ProtocolException expected) {
                // fine
            } catch (RuntimeException | Error e) {
                fail("round " + round + ": " + new String(input, UTF_8), e);
            }
        }
    }

    // --- Appendix B, server to client: exact keys, required always, unset optional never ---

    @Test
    void encodesAuthOk() {
        assertEquals("{\"ok\":true,\"timType\":16,\"t\":-1234567,\"n\":\"ZD9HTVV1Jca\",\"n2\":\"5gTeNZ1KiF3\"}",
                json(new TimAck().setOk(true).setTimType((byte) 16).setT(-1234567L).setN(B).setN2("5gTeNZ1KiF3")));
    }

    @Test
    void encodesErrorAck() {
        assertEquals("{\"ok\":false,\"timType\":90,\"error\":{\"code\":4105,\"info\":\"permission denied\"}}",
                json(new TimAck().setOk(false).setTimType((byte) 90).setError(ErrorCode.PERMISSION_DENIED.toTimError())));
    }

    @Test
    void encodesEchoAndPush() {
        TimMessage echo = new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setId(42L).setMid(7L)
                .setFromTid(new Tid(B).setResource("web").setTermtyp((byte) 1)).setToTid(new Tid(A))
                .setDataString("hi").setTimestamp(TS);
        String expected = "{\"msType\":2,\"odType\":1,\"id\":42,\"mid\":7,\"fromTid\":{\"node\":\"ZD9HTVV1Jca\","
                + "\"resource\":\"web\",\"termtyp\":1},\"toTid\":{\"node\":\"KrffBZqyqTL\"},\"dataString\":\"hi\","
                + "\"timestamp\":1700000000000000000}";
        assertEquals(expected, json(echo));

        byte[] push = ServerFrame.ackRequired(FrameType.MESSAGE, 5, CODEC.encode(echo));
        assertEquals("da 00 00 00 05", Hex.dump(Arrays.copyOf(push, 5)));
        ServerFrame parsed = ServerFrame.parse(push);
        assertEquals(echo, parsed.decodeBody(true, TimMessage.class));
        assertArrayEquals(Hex.bytes("8c 00 00 00 05"), ClientFrame.ack(parsed.syncId(), true));
    }

    @Test
    void encodesOfflineBatch() {
        TimMessage message = new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setMid(7L).setFromTid(new Tid(A))
                .setToTid(new Tid(B)).setDataString("hi").setIsOffline(true).setTimestamp(TS);
        assertEquals("{\"id\":-5547000000000000000,\"messageList\":[{\"msType\":2,\"odType\":1,\"mid\":7,"
                        + "\"fromTid\":{\"node\":\"KrffBZqyqTL\"},\"toTid\":{\"node\":\"ZD9HTVV1Jca\"},\"dataString\":\"hi\","
                        + "\"isOffline\":true,\"timestamp\":1700000000000000000}]}",
                json(new TimMessageList().setId(-5_547_000_000_000_000_000L).setMessageList(List.of(message))));
    }

    @Test
    void encodesPresence() {
        assertEquals("{\"id\":42,\"subStatus\":1,\"fromTid\":{\"node\":\"KrffBZqyqTL\",\"resource\":\"web\","
                        + "\"termtyp\":1},\"toTid\":{\"node\":\"ZD9HTVV1Jca\"},\"show\":1,\"status\":\"busy\"}",
                json(new TimPresence().setId(42L).setSubStatus((byte) 1)
                        .setFromTid(new Tid(A).setResource("web").setTermtyp((byte) 1)).setToTid(new Tid(B))
                        .setShow((short) 1).setStatus("busy")));
    }

    @Test
    void encodesNodes() {
        assertEquals("{\"ntype\":4,\"usermap\":{\"KrffBZqyqTL\":{\"name\":\"Alice\",\"createtime\":1700000000000000000}}}",
                json(new TimNodes().setNtype(4).setUsermap(Map.of(A, new TimUserBean().setName("Alice").setCreatetime(TS)))));
    }

    @Test
    void encodesStreamWithCapitalVNode() {
        assertEquals("{\"id\":123,\"VNode\":\"" + R + "\",\"body\":\"AQID\",\"fromNode\":\"KrffBZqyqTL\"}",
                json(new TimStream().setId(123L).setVNode(R).setBody(new byte[] {1, 2, 3}).setFromNode(A)));
    }

    @Test
    void encodesBusinessAndRevokeAcks() {
        assertEquals("{\"ok\":true,\"timType\":41,\"t\":12,\"n\":\"R2\",\"n2\":\"C\"}",
                json(new TimAck().setOk(true).setTimType((byte) 41).setT(12L).setN("R2").setN2("C")));
        assertEquals("{\"ok\":true,\"timType\":92,\"t\":3,\"n\":\"" + R + "\",\"t2\":7}",
                json(new TimAck().setOk(true).setTimType((byte) 92).setT(3L).setN(R).setT2(7L)));
    }

    @Test
    void writesTheIdlSpellings() {
        String user = json(new TimUserBean().setNickName("n").setBrithday("b").setPhotoTidAlbum(List.of("p")));
        assertEquals("{\"nickName\":\"n\",\"brithday\":\"b\",\"photoTidAlbum\":[\"p\"]}", user);
        assertEquals("{\"msType\":0,\"odType\":0,\"isOffline\":false,\"ToList\":[\"x\"]}",
                json(new TimMessage().setIsOffline(false).setToList(List.of("x"))));
        assertEquals("{\"reqInt2\":1}", json(new TimReq().setReqInt2(1L)));
        assertEquals("{\"toList\":[\"x\"]}", json(new TimPresence().setToList(List.of("x"))));
    }

    @Test
    void writesRequiredFieldsAndOmitsUnsetOrEmptyOnes() {
        assertEquals("{\"ok\":false,\"timType\":0}", json(new TimAck()));
        assertEquals("{\"node\":\"\"}", json(new Tid()));
        assertEquals("{\"id\":0,\"VNode\":\"\",\"fromNode\":\"\"}", json(new TimStream()));
        assertEquals("{\"ntype\":0}", json(new TimNodes()));
        assertEquals("{\"msType\":0,\"odType\":0}", json(new TimMessage()));
        assertEquals("{}", json(new TimReq()));
        assertEquals("{\"ntype\":4}", json(new TimNodes().setNtype(4).setNodelist(List.of()).setUsermap(Map.of())));
        assertEquals("{\"id\":0,\"VNode\":\"\",\"fromNode\":\"\"}", json(new TimStream().setBody(new byte[0])));
        assertEquals("{\"msType\":0,\"odType\":0,\"fromTid\":{\"node\":\"\"}}", json(new TimMessage().setFromTid(new Tid())));
    }

    @Test
    void writesBinariesAsPaddedBase64AndLongsInFull() {
        assertEquals("{\"dataBinary\":\"AQI=\",\"timestamp\":9223372036854775807,\"extra\":{\"k\":\"/w==\"}}",
                json(new TimMessage().setDataBinary(new byte[] {1, 2}).setTimestamp(Long.MAX_VALUE)
                        .setExtra(Map.of("k", new byte[] {-1}))).replace("\"msType\":0,\"odType\":0,", ""));
    }
}
