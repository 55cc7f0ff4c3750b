package org.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.parley.protocol.Samples.A;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TIOStreamTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What §1.8 asks of a reader: leniency towards odd peers, and no way for hostile input to hurt. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard only: under load these take far longer than alone
class ThriftRobustnessTest {

    private static final ThriftCodec CODEC = ThriftCodec.INSTANCE;

    /** Writes a body by hand, for shapes the codec itself would never produce. */
    private interface BodyWriter {
        void write(TProtocol out) throws TException;
    }

    private static byte[] body(BodyWriter writer) throws TException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TProtocol out = new TCompactProtocol(new TIOStreamTransport(TConfiguration.DEFAULT, bytes));
        out.writeStructBegin(new TStruct());
        writer.write(out);
        out.writeFieldStop();
        out.writeStructEnd();
        return bytes.toByteArray();
    }

    private static void writeString(TProtocol out, int id, String value) throws TException {
        out.writeFieldBegin(new TField("", TType.STRING, (short) id));
        out.writeString(value);
    }

    /** A value of every wire type Thrift has, tim's IDL or not. */
    private static void writeAnyValue(TProtocol out, byte type) throws TException {
        switch (type) {
            case TType.BOOL -> out.writeBool(true);
            case TType.BYTE -> out.writeByte((byte) 7);
            case TType.I16 -> out.writeI16((short) 300);
            case TType.I32 -> out.writeI32(-70000);
            case TType.I64 -> out.writeI64(Long.MIN_VALUE);
            case TType.DOUBLE -> out.writeDouble(3.5);
            case TType.STRING -> out.writeString("unknown");
            case TType.UUID -> out.writeUuid(UUID.randomUUID());
            case TType.STRUCT -> {
                out.writeStructBegin(new TStruct());
                writeString(out, 1, "nested");
                out.writeFieldStop();
                out.writeStructEnd();
            }
            case TType.LIST -> {
                out.writeListBegin(new TList(TType.I32, 20));
                for (int i = 0; i < 20; i++) {
                    out.writeI32(i);
                }
            }
            case TType.SET -> {
                out.writeSetBegin(new TSet(TType.STRING, 1));
                out.writeString("x");
            }
            case TType.MAP -> {
                out.writeMapBegin(new TMap(TType.STRING, TType.STRUCT, 1));
                out.writeString("k");
                writeAnyValue(out, TType.STRUCT);
            }
            default -> throw new IllegalArgumentException("type " + type);
        }
    }

    @ParameterizedTest
    @ValueSource(bytes = {TType.BOOL, TType.BYTE, TType.I16, TType.I32, TType.I64, TType.DOUBLE, TType.STRING,
            TType.UUID, TType.STRUCT, TType.LIST, TType.SET, TType.MAP})
    void skipsUnknownFieldIdOfEveryType(byte type) throws TException {
        // Known fields on both sides; field 3 after 30 also exercises the long (non-delta) header.
        byte[] bytes = body(out -> {
            writeString(out, 1, A);
            out.writeFieldBegin(new TField("", type, (short) 30));
            writeAnyValue(out, type);
            writeString(out, 3, "web");
        });
        assertEquals(new Tid(A).setResource("web"), CODEC.decode(bytes, Tid.class));
    }

    @Test
    void skipsKnownFieldsOfTheWrongType() throws TException {
        byte[] bytes = body(out -> {
            out.writeFieldBegin(new TField("", TType.BOOL, (short) 1)); // ok
            out.writeBool(true);
            out.writeFieldBegin(new TField("", TType.I32, (short) 2)); // timType is a byte
            out.writeI32(16);
            writeString(out, 4, "6"); // t is an i64
            writeString(out, 5, A);
        });
        assertEquals(new TimAck().setOk(true).setN(A), CODEC.decode(bytes, TimAck.class));
    }

    @Test
    void skipsContainersOfTheWrongElementType() throws TException {
        byte[] bytes = body(out -> {
            out.writeFieldBegin(new TField("", TType.I32, (short) 1));
            out.writeI32(4);
            out.writeFieldBegin(new TField("", TType.LIST, (short) 2)); // list<i32>, not list<string>
            writeAnyValue(out, TType.LIST);
            out.writeFieldBegin(new TField("", TType.MAP, (short) 3)); // map<string,string>, not of beans
            out.writeMapBegin(new TMap(TType.STRING, TType.STRING, 1));
            out.writeString("k");
            out.writeString("v");
            writeString(out, 5, A);
        });
        assertEquals(new TimNodes().setNtype(4).setNode(A), CODEC.decode(bytes, TimNodes.class));
    }

    /** Every strict prefix lacks the final STOP, so every one must be refused, and only that way. */
    @Test
    void truncatedBodiesThrowProtocolException() {
        List<TimStruct<?>> structs = List.of(ThriftVectorsTest.a6(), ThriftVectorsTest.a11(), Samples.message(),
                Samples.nodesStruct(), Samples.ack(), Samples.stream(), Samples.presence());
        for (TimStruct<?> struct : structs) {
            byte[] full = CODEC.encode(struct);
            for (int cut = 0; cut < full.length; cut++) {
                int length = cut;
                assertThrows(ProtocolException.class, () -> CODEC.decode(full, 0, length, Samples.typeOf(struct)),
                        () -> struct.schema().name + " cut at " + length);
            }
        }
    }

    @Test
    void decodesASliceOfALargerArray() {
        byte[] body = CODEC.encode(Samples.message());
        byte[] framed = Hex.concat(new byte[] {(byte) 0xDA, 0, 0, 0, 5}, body, new byte[] {(byte) 0xEE});
        assertEquals(Samples.message(), CODEC.decode(framed, 5, body.length, TimMessage.class));
    }

    @Test
    void hostileLengthsAreRefusedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String[] bodies = {
            "15 08 48 ff ff ff ff 07 61 00",      // TimNodes.node claiming 2^31-1 bytes
            "15 08 48 ff ff ff ff 0f 61 00",      // ... and a negative length
            "15 08 19 f8 80 80 80 80 04 00",      // TimNodes.nodelist claiming 2^30 strings
            "15 08 2b ff ff ff ff 07 8c 00",      // TimNodes.usermap claiming 2^31-1 entries
            "15 08 2b ff ff ff ff 0f 8c 00",      // ... and a negative size
            "15 08 08 3c ff ff ff 7f 00",         // unknown field 30, skipped as a huge string
            "15 08 09 3c fc ff ff ff ff 07 00",   // unknown field 30, skipped as a huge list of structs
        };
        for (String hex : bodies) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> CODEC.decode(Hex.bytes(hex), TimNodes.class), hex);
            assertTrue(e.getMessage().matches("(?is).*(size|length).*"), hex + ": " + e.getMessage());
        }
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CODEC.decode(Hex.bytes("29 fc ff ff ff ff 07"), TimMessageList.class));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        // What the claimed sizes would take is gigabytes; refusing them takes the exceptions' few kilobytes.
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void deeplyNestedUnknownStructsAreRefusedNotOverflowed() {
        byte[] bytes = new byte[100_000];
        bytes[0] = 0x0c; // struct field, long-form id follows
        bytes[1] = 0x3c; // zigzag(30)
        Arrays.fill(bytes, 2, 90_000, (byte) 0x1c); // each a struct field holding the next
        assertThrows(ProtocolException.class, () -> CODEC.decode(bytes, Tid.class));
    }

    @Test
    void emptyInputIsRefused() {
        assertThrows(ProtocolException.class, () -> CODEC.decode(new byte[0], TimAck.class));
    }

    @Test
    void unknownCompactTypeIsRefused() {
        assertThrows(ProtocolException.class, () -> CODEC.decode(Hex.bytes("1e 00"), TimAck.class));
    }

    /** Random bytes and mutated vectors: each decode either works or throws ProtocolException. */
    @Test
    void garbageOnlyEverThrowsProtocolException() {
        Random random = new Random(20260707);
        List<byte[]> seeds = Samples.allFull().stream().map(CODEC::encode).toList();
        List<Class<? extends TimStruct<?>>> types = List.of(Tid.class, TimError.class, TimAck.class, TimReq.class,
                TimAuth.class, TimUserBean.class, TimRoomBean.class, TimPresence.class, TimMessage.class,
                TimStream.class, TimNodes.class, TimMessageList.class);
        for (int round = 0; round < 30_000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(48)];
                random.nextBytes(input);
            } else {
                input = seeds.get(random.nextInt(seeds.size())).clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            Class<? extends TimStruct<?>> type = types.get(round % types.size());
            try {
                decodeAny(input, type);
            } catch (ProtocolException expected) {
                // fine
            } catch (RuntimeException | Error e) {
                fail("round " + round + ", " + type.getSimpleName() + " from " + Hex.dump(input), e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // any struct class will do here
    private static void decodeAny(byte[] input, Class<?> type) {
        CODEC.decode(input, (Class) type);
    }

    @Test
    void binaryValuesDoNotAliasTheInput() {
        byte[] body = CODEC.encode(new TimStream().setBody(new byte[] {1, 2, 3}));
        TimStream stream = CODEC.decode(body, TimStream.class);
        Arrays.fill(body, (byte) 0);
        assertEquals(3, stream.getBody()[2]);
    }

    @Test
    void nullElementsAreAProgrammingError() {
        TimNodes nodes = new TimNodes().setNodelist(Arrays.asList(A, null));
        assertThrows(NullPointerException.class, () -> CODEC.encode(nodes));
    }

    @Test
    void thriftBytesAreReadAsWritten() {
        // The byte type is signed in Thrift and Java alike; 0xFF is -1, not 255.
        TimAuth auth = CODEC.decode(Hex.bytes("53 ff 00"), TimAuth.class);
        assertEquals((byte) -1, auth.getTermtyp());
        assertNull(auth.getName());
        assertEquals(ByteBuffer.wrap(Hex.bytes("53 ff 00")), ByteBuffer.wrap(CODEC.encode(auth)));
    }
}
