package org.parley.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.parley.protocol.FrameType;
import org.parley.protocol.JsonCodec;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

class EncodedFrameTest {

    private final TimMessage message = new TimMessage().setId(7L).setMid(42L).setDataString("hello")
            .setFromTid(new Tid("alice"));

    @Test
    void encodes_each_mode_once_and_shares_the_bytes() {
        EncodedFrame frame = EncodedFrame.of(FrameType.MESSAGE, message);

        assertSame(frame.plain(false), frame.plain(false));
        assertSame(frame.plain(true), frame.plain(true));
        assertSame(frame.body(false), frame.body(false));
        assertArrayEquals(ServerFrame.plain(FrameType.MESSAGE, ThriftCodec.INSTANCE.encode(message)), frame.plain(false));
        assertArrayEquals(ServerFrame.plain(FrameType.MESSAGE, JsonCodec.INSTANCE.encode(message)), frame.plain(true));
    }

    @Test
    void an_ack_required_frame_carries_its_own_sync_id_around_the_shared_body() {
        EncodedFrame frame = EncodedFrame.of(FrameType.MESSAGE, message);

        ServerFrame first = ServerFrame.parse(frame.ackRequired(false, 1));
        ServerFrame second = ServerFrame.parse(frame.ackRequired(false, 2));

        assertTrue(first.ackRequired());
        assertEquals(1, first.syncId());
        assertEquals(2, second.syncId());
        assertEquals(Wire.roundTrip(message), second.decodeBody(false, TimMessage.class));
    }

    @Test
    void a_frame_from_the_cluster_hop_is_decoded_only_for_json_devices() {
        byte[] thrift = ThriftCodec.INSTANCE.encode(message);
        EncodedFrame frame = EncodedFrame.ofThrift(FrameType.MESSAGE, TimMessage.class, thrift);

        assertSame(thrift, frame.body(false)); // Thrift devices get the bytes that came over the hop
        assertEquals(Wire.roundTrip(message), frame.struct());
        assertEquals(Wire.roundTrip(message), Wire.roundTrip(ServerFrame.parse(frame.plain(true)).decodeBody(true, TimMessage.class)));
    }
}
