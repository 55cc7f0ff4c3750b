package org.parley.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

import org.parley.infrastructure.cluster.StreamTarget;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;

class EnvelopeTest {

    private final TimMessage message = new TimMessage().setId(3L).setMid(9L).setDataString("hi").setRoomTid(new Tid("r"));

    @Test
    void a_room_envelope_carries_the_thrift_body_and_the_cursor() {
        EncodedFrame frame = EncodedFrame.of(FrameType.MESSAGE, message);
        Envelope back = Envelope.decode(Envelope.room("me", "r", 9, frame).encode());

        assertEquals(Envelope.ROOM, back.kind());
        assertEquals("r", back.room());
        assertEquals(9, back.mid());
        assertEquals("me", back.replyTo());
        assertArrayEquals(frame.body(false), back.frame().body(false));
        assertEquals(FrameType.MESSAGE, back.frame().type());
        assertEquals(Wire.roundTrip(message), back.frame().struct());
    }

    @Test
    void deliver_reply_addressed_raw_stream_and_kick_survive_the_hop() {
        Envelope deliver = Envelope.decode(Envelope.deliver(77, "me", true, List.of("u1", "u2"),
                EncodedFrame.of(FrameType.MESSAGE, message)).encode());
        assertEquals(77, deliver.requestId());
        assertTrue(deliver.ackRequired());
        assertEquals(List.of("u1", "u2"), deliver.users());

        Envelope reply = Envelope.decode(Envelope.reply(77, true).encode());
        assertEquals(Envelope.REPLY, reply.kind());
        assertTrue(reply.acked());

        TimPresence presence = new TimPresence().setId(1L).setStatus("away");
        Envelope addressed = Envelope.decode(Envelope.addressed("me", List.of("u1"),
                EncodedFrame.of(FrameType.PRESENCE, presence)).encode());
        assertEquals(Wire.roundTrip(presence), addressed.frame().struct());

        byte[] raw = {(byte) FrameType.BIGSTRING, 'a', 'b'};
        assertArrayEquals(raw, Envelope.decode(Envelope.raw("me", List.of("u1"), raw).encode()).raw());

        TimStream stream = new TimStream().setVNode("v").setBody(new byte[] {4});
        Envelope streamed = Envelope.decode(Envelope.stream("me", EncodedFrame.of(FrameType.STREAM, stream),
                List.of(new StreamTarget(5, true))).encode());
        assertEquals(Wire.roundTrip(stream), streamed.frame().struct());
        assertEquals(List.of(new StreamTarget(5, true)), streamed.targets());

        Envelope kick = Envelope.decode(Envelope.kick("me", "u1", 12).encode());
        assertEquals(List.of("u1"), kick.users());
        assertEquals(12, kick.targets().get(0).connection());
    }

    @Test
    void an_unknown_struct_tag_is_refused() {
        byte[] bytes = Envelope.room("me", "r", 1, EncodedFrame.of(FrameType.MESSAGE, message)).encode();
        // kind, request id, replyTo, room, mid, ackRequired, users, targets: the tag follows
        int tagAt = 1 + 8 + (2 + 2) + (2 + 1) + 8 + 1 + 4 + 4;
        assertEquals(1, bytes[tagAt]);
        bytes[tagAt] = 42;
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode(bytes));
    }
}
