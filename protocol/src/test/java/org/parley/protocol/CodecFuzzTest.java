package org.parley.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz targets for everything that reads what a client sends before any login: the frame header, both codecs for
 * every struct, and the big-data assembler over a run of messages. The only failures a reader may show are its
 * documented ones (ProtocolException; BigDataException or IllegalArgumentException from the assembler); anything else
 * (a NullPointerException, an OutOfMemoryError from a claimed length, a StackOverflowError) is a finding.
 * <p>
 * In a normal build each target runs once over its seed inputs (a regression test, milliseconds). With
 * {@code JAZZER_FUZZ=1} one target fuzzes for its {@code maxDuration}: .ci/run does that for each, briefly.
 */
class CodecFuzzTest {

    private static final List<Class<? extends TimStruct<?>>> STRUCTS = List.of(Tid.class, TimError.class,
            TimAck.class, TimReq.class, TimAuth.class, TimUserBean.class, TimRoomBean.class, TimPresence.class,
            TimMessage.class, TimStream.class, TimNodes.class, TimMessageList.class);

    @FuzzTest(maxDuration = "20s")
    void thriftBodies(FuzzedDataProvider data) {
        decode(ThriftCodec.INSTANCE, data);
    }

    @FuzzTest(maxDuration = "20s")
    void jsonBodies(FuzzedDataProvider data) {
        decode(JsonCodec.INSTANCE, data);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void decode(WireCodec codec, FuzzedDataProvider data) {
        Class type = data.pickValue(STRUCTS);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            codec.decode(body, 0, body.length, type);
        } catch (ProtocolException expected) {
            // the documented answer to malformed input
        }
    }

    @FuzzTest(maxDuration = "20s")
    void framesAndTheirBodies(FuzzedDataProvider data) {
        byte[] message = data.consumeRemainingAsBytes();
        try {
            ClientFrame frame = ClientFrame.parse(message);
            if (frame.bodyLength() > 0) {
                frame.decodeBody(TimMessage.class);
            }
        } catch (ProtocolException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "20s")
    void bigDataAssembledFromManyMessages(FuzzedDataProvider data) {
        BigDataAssembler assembler = new BigDataAssembler(1 << 16);
        while (data.remainingBytes() > 0) {
            byte[] message = data.consumeBytes(data.consumeInt(0, 70_000));
            try {
                if (assembler.continues(message) || (message.length > 0
                        && BigData.isBigData(message[0] & FrameType.TYPE_MASK))) {
                    assembler.accept(message);
                }
            } catch (BigDataException expected) {
                // malformed or too large: answered with 4114
            }
        }
    }
}
