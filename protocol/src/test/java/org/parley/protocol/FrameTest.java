package org.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** First-byte layouts of §1.4 and the ack of §1.5, including the small frames of A.18. */
class FrameTest {

    @Test
    void clientFrameSplitsTypeAndJsonFlag() {
        ClientFrame thrift = ClientFrame.parse(Hex.bytes("10 00"));
        assertEquals(FrameType.AUTH, thrift.type());
        assertFalse(thrift.json());
        assertEquals(1, thrift.bodyOffset());
        assertEquals(1, thrift.bodyLength());

        ClientFrame json = ClientFrame.parse(Hex.bytes("90 7b 7d"));
        assertEquals(FrameType.AUTH, json.type());
        assertTrue(json.json());
        assertArrayEquals(Hex.ascii("{}"), json.body());
        assertEquals(new TimAuth(), json.decodeBody(TimAuth.class));

        ClientFrame bigData = ClientFrame.parse(Hex.bytes("df 00"));
        assertEquals(FrameType.BIGSTRING, bigData.type());
        assertTrue(bigData.json());
    }

    @Test
    void emptyMessageIsNotAFrame() {
        assertThrows(ProtocolException.class, () -> ClientFrame.parse(new byte[0]));
        assertThrows(ProtocolException.class, () -> ServerFrame.parse(new byte[0]));
    }

    @Test
    void buildsBodilessAndBodiedClientFrames() {
        assertEquals("0d", Hex.dump(ClientFrame.build(FrameType.PING, false, null)));
        assertEquals("8d", Hex.dump(ClientFrame.build(FrameType.PING, true, new byte[0])));
        assertEquals("11", Hex.dump(ClientFrame.build(FrameType.OFFLINEMSG, false, null)));
        assertEquals("da 7b 7d", Hex.dump(ClientFrame.build(FrameType.MESSAGE, true, Hex.ascii("{}"))));
        assertThrows(IllegalArgumentException.class, () -> ClientFrame.build(0x80 | FrameType.PING, false, null));
        assertThrows(IllegalArgumentException.class, () -> ClientFrame.build(-1, false, null));
    }

    @Test
    void ackCarriesTheSyncIdBigEndian() {
        assertEquals("0c 00 00 00 05", Hex.dump(ClientFrame.ack(5, false)));
        assertEquals("8c 00 00 00 05", Hex.dump(ClientFrame.ack(5, true)));
        assertEquals("0c ff ff ff fe", Hex.dump(ClientFrame.ack(-2, false)));
        assertEquals("0c 01 02 03 04", Hex.dump(ClientFrame.ack(0x01020304, false)));

        assertEquals(-2, ClientFrame.parse(ClientFrame.ack(-2, true)).ackSyncId());
        assertEquals(0x01020304, ClientFrame.parse(Hex.bytes("0c 01 02 03 04 ff ff")).ackSyncId(),
                "bytes after the id are ignored");
    }

    @Test
    void ackWithoutAFullIdIsRefused() {
        assertThrows(ProtocolException.class, () -> ClientFrame.parse(Hex.bytes("0c 00 00 05")).ackSyncId());
        assertThrows(ProtocolException.class, () -> ClientFrame.parse(Hex.bytes("8c")).ackSyncId());
        assertThrows(IllegalStateException.class, () -> ClientFrame.parse(Hex.bytes("0d 00 00 00 05")).ackSyncId());
    }

    @Test
    void buildsServerFrames() {
        assertEquals("0d", Hex.dump(ServerFrame.plain(FrameType.PING, null)));
        assertEquals("12", Hex.dump(ServerFrame.plain(FrameType.OFFLINEMSGEND, null)));
        assertEquals("0c 00", Hex.dump(ServerFrame.plain(FrameType.ACK, Hex.bytes("00"))));
        assertEquals("da 80 00 00 01 00", Hex.dump(ServerFrame.ackRequired(FrameType.MESSAGE, Integer.MIN_VALUE + 1,
                Hex.bytes("00"))));
        assertEquals("91 00 00 00 07", Hex.dump(ServerFrame.ackRequired(FrameType.OFFLINEMSG, 7, null)));
        assertThrows(IllegalArgumentException.class, () -> ServerFrame.plain(128, null));
    }

    @Test
    void parsesServerFrames() {
        ServerFrame plain = ServerFrame.parse(Hex.bytes("12"));
        assertEquals(FrameType.OFFLINEMSGEND, plain.type());
        assertFalse(plain.ackRequired());
        assertEquals(0, plain.syncId());
        assertEquals(0, plain.bodyLength());

        ServerFrame push = ServerFrame.parse(Hex.bytes("da ff ff ff ff 13 02 13 01 00"));
        assertEquals(FrameType.MESSAGE, push.type());
        assertTrue(push.ackRequired());
        assertEquals(-1, push.syncId());
        assertEquals(5, push.bodyOffset());
        assertArrayEquals(Hex.bytes("13 02 13 01 00"), push.body());
        assertEquals(new TimMessage().setMsType((byte) 2).setOdType((byte) 1), push.decodeBody(false, TimMessage.class));
        assertEquals("0c ff ff ff ff", Hex.dump(ClientFrame.ack(push.syncId(), false)));

        ServerFrame bodilessPush = ServerFrame.parse(Hex.bytes("91 00 00 00 01"));
        assertEquals(0, bodilessPush.bodyLength());
    }

    @Test
    void ackRequiredFrameWithoutAFullIdIsRefused() {
        assertThrows(ProtocolException.class, () -> ServerFrame.parse(Hex.bytes("da 00 00 00")));
    }

    @Test
    void namesFrameTypes() {
        assertEquals("AUTH", FrameType.name(FrameType.AUTH));
        assertEquals("BIGBINARYSTREAM", FrameType.name(97));
        assertEquals("UNKNOWN(48)", FrameType.name(0x30));
    }
}
