package org.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.protocol.Samples.A;
import static org.parley.protocol.Samples.B;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Big data in and out (§5.15, §6.2 item 5, §7.14). */
class BigDataTest {

    /** §7.14 step 1: timjs's prefixed big string from bob to alice, L = 25. */
    private static final byte[] TIMJS_BIG_STRING =
            Hex.concat(Hex.bytes("df 00 00 00 19"), Hex.ascii(A), Hex.bytes("7c"), Hex.ascii("big text"));

    private final BigDataAssembler assembler = new BigDataAssembler();

    private static void assertBigData(int type, String node, byte[] payload, BigData actual) {
        assertEquals(type, actual.type());
        assertEquals(node, actual.node());
        assertArrayEquals(payload, actual.payload());
    }

    @Test
    void prefixedFrameInOneMessage() {
        BigData data = assembler.accept(TIMJS_BIG_STRING);
        assertBigData(FrameType.BIGSTRING, A, Hex.ascii("big text"), data);
        assertEquals("big text", data.text());
        assertFalse(assembler.pending());
        assertArrayEquals(TIMJS_BIG_STRING, data.toPrefixedFrame(true));
    }

    @Test
    void outboundFrameHasNoPrefix() {
        byte[] frame = new BigData(FrameType.BIGSTRING, B, Hex.ascii("big text")).toFrame();
        assertEquals("5f " + Hex.dump(Hex.ascii(B)) + " 7c " + Hex.dump(Hex.ascii("big text")), Hex.dump(frame));
        assertBigData(FrameType.BIGSTRING, B, Hex.ascii("big text"), BigData.parse(frame));
    }

    @Test
    void declaredLengthSmallerThanTheMessageIs4114() {
        byte[] frame = TIMJS_BIG_STRING.clone();
        frame[4] = 20;
        BigDataException e = assertThrows(BigDataException.class, () -> assembler.accept(frame));
        assertEquals(BigDataException.Reason.LENGTH_MISMATCH, e.reason());
        assertFalse(assembler.pending());
    }

    @Test
    void frameShorterThanSixBytesIs4114() {
        BigDataException e = assertThrows(BigDataException.class, () -> assembler.accept(Hex.bytes("df 00 00 00 05")));
        assertEquals(BigDataException.Reason.TOO_SHORT, e.reason());
    }

    @Test
    void prefixedFrameSplitOverTwoMessages() {
        assertNull(assembler.accept(Arrays.copyOfRange(TIMJS_BIG_STRING, 0, 10)));
        assertTrue(assembler.pending());
        byte[] rest = Arrays.copyOfRange(TIMJS_BIG_STRING, 10, TIMJS_BIG_STRING.length);
        assertTrue(assembler.continues(rest));
        assertBigData(FrameType.BIGSTRING, A, Hex.ascii("big text"), assembler.accept(rest));
        assertFalse(assembler.pending());
    }

    @Test
    void aDiscardedPartialFrameLeavesNothingPending() {
        assertNull(assembler.accept(Arrays.copyOfRange(TIMJS_BIG_STRING, 0, 10)));
        assertTrue(assembler.pending());
        assembler.discard();
        assertFalse(assembler.pending());
        byte[] rest = Arrays.copyOfRange(TIMJS_BIG_STRING, 10, TIMJS_BIG_STRING.length);
        assertFalse(assembler.continues(rest), "the rest of a discarded frame continues nothing");
    }

    @Test
    void prefixedFrameSplitOverThreeMessages() {
        byte[] payload = new byte[300];
        Arrays.fill(payload, (byte) 0x83); // separators in the payload do not matter: the first one splits
        byte[] frame = new BigData(FrameType.BIGBINARY, A, payload).toPrefixedFrame(true);
        assertEquals((byte) 0xE0, frame[0]);
        assertNull(assembler.accept(Arrays.copyOfRange(frame, 0, 6)));
        assertNull(assembler.accept(Arrays.copyOfRange(frame, 6, 100)));
        assertBigData(FrameType.BIGBINARY, A, payload, assembler.accept(Arrays.copyOfRange(frame, 100, frame.length)));
    }

    @Test
    void aMessageThatOvershootsStartsANewFrame() {
        assertNull(assembler.accept(Arrays.copyOfRange(TIMJS_BIG_STRING, 0, 10)));
        assertFalse(assembler.continues(TIMJS_BIG_STRING));
        assertBigData(FrameType.BIGSTRING, A, Hex.ascii("big text"), assembler.accept(TIMJS_BIG_STRING));
        assertFalse(assembler.pending());
    }

    @Test
    void prefixedBinaryFromTimjs() {
        byte[] frame = Hex.concat(Hex.bytes("e0 00 00 00 15"), Hex.ascii(A), Hex.bytes("83 01 02 03 83"));
        assertBigData(FrameType.BIGBINARY, A, Hex.bytes("01 02 03 83"), assembler.accept(frame));
        assertEquals("60 " + Hex.dump(Hex.ascii(B)) + " 83 01 02", Hex.dump(new BigData(96, B, Hex.bytes("01 02")).toFrame()));
    }

    @Test
    void unprefixedFramesFromAtimAndTimgo() {
        byte[] text = Hex.concat(Hex.bytes("5f"), Hex.ascii(A), Hex.bytes("7c"), Hex.ascii("plain|text"));
        assertBigData(FrameType.BIGSTRING, A, Hex.ascii("plain|text"), assembler.accept(text));

        byte[] stream = Hex.concat(Hex.bytes("61"), Hex.ascii(Samples.R), Hex.bytes("83 00 00 00"));
        assertBigData(FrameType.BIGBINARYSTREAM, Samples.R, new byte[3], assembler.accept(stream));
        assertFalse(assembler.pending());
    }

    @Test
    void prefixOf16MiBOrMoreIsRecognisedByItsValue() {
        byte[] payload = new byte[(16 << 20) + 10];
        payload[payload.length - 1] = 9;
        byte[] frame = new BigData(FrameType.BIGBINARY, A, payload).toPrefixedFrame(false);
        assertTrue(frame[1] != 0);
        BigData data = assembler.accept(frame);
        assertEquals(A, data.node());
        assertArrayEquals(payload, data.payload());
    }

    @Test
    void oversizeFramesAreRefusedEarly() {
        BigDataAssembler small = new BigDataAssembler(100);
        byte[] start = Hex.concat(Hex.bytes("df 00 00 03 e8"), Hex.ascii(A)); // declares 1000 bytes
        assertEquals(BigDataException.Reason.TOO_LARGE,
                assertThrows(BigDataException.class, () -> small.accept(start)).reason());

        BigDataAssembler other = new BigDataAssembler(100);
        byte[] unprefixed = Hex.concat(Hex.bytes("60"), Hex.ascii(A), Hex.bytes("83"), new byte[100]);
        assertEquals(BigDataException.Reason.TOO_LARGE,
                assertThrows(BigDataException.class, () -> other.accept(unprefixed)).reason());
        assertFalse(other.pending());

        byte[] fits = Hex.concat(Hex.bytes("60"), Hex.ascii(A), Hex.bytes("83"), new byte[87]);
        assertEquals(87, other.accept(fits).payload().length);
    }

    @Test
    void theRestOfARefusedOversizeFrameIsSwallowed() {
        BigDataAssembler small = new BigDataAssembler(100);
        byte[] start = Hex.concat(Hex.bytes("df 00 00 00 c8"), Hex.ascii(A)); // declares 200 bytes, 16 arrive
        assertThrows(BigDataException.class, () -> small.accept(start));
        assertTrue(small.pending());
        byte[] middle = new byte[100];
        middle[0] = 0x5A; // would look like a TIMMESSAGE if taken as a frame of its own
        assertTrue(small.continues(middle));
        assertNull(small.accept(middle));
        byte[] last = new byte[84];
        assertNull(small.accept(last));
        assertFalse(small.pending());
        // Afterwards frames are read normally again.
        assertBigData(FrameType.BIGSTRING, A, Hex.ascii("big text"), small.accept(TIMJS_BIG_STRING));
    }

    @Test
    void missingSeparatorIsReported() {
        byte[] frame = Hex.concat(Hex.bytes("60"), Hex.ascii(A), Hex.ascii("|no-0x83"));
        assertEquals(BigDataException.Reason.NO_SEPARATOR,
                assertThrows(BigDataException.class, () -> assembler.accept(frame)).reason());
        assertThrows(BigDataException.class, () -> BigData.parse(Hex.bytes("5f 41 42")));
    }

    @Test
    void onlyBigDataStartsAFrame() {
        assertThrows(IllegalArgumentException.class, () -> assembler.accept(Hex.bytes("5a 13 02 13 01 00")));
        assertThrows(IllegalArgumentException.class, () -> assembler.accept(new byte[0]));
        assertThrows(ProtocolException.class, () -> BigData.parse(Hex.bytes("0d")));
        assertFalse(assembler.continues(Hex.bytes("0d")));
    }

    @Test
    void constructorRejectsWhatCouldNotBeSplitBack() {
        assertThrows(IllegalArgumentException.class, () -> new BigData(FrameType.MESSAGE, A, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new BigData(FrameType.BIGSTRING, "a|b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new BigData(FrameType.BIGBINARY, "a\u0083b", new byte[0]));
    }

    @Test
    void separators() {
        assertEquals((byte) 0x7C, BigData.separator(FrameType.BIGSTRING));
        assertEquals((byte) 0x83, BigData.separator(FrameType.BIGBINARY));
        assertEquals((byte) 0x83, BigData.separator(FrameType.BIGBINARYSTREAM));
        assertTrue(BigData.isBigData(95) && BigData.isBigData(96) && BigData.isBigData(97));
        assertFalse(BigData.isBigData(94) || BigData.isBigData(98));
    }
}
