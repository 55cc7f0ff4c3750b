package org.parley.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame as the server sends it (§1.4): byte 0 carries the type in bits 0–6 and, in bit 7, whether
 * the client must ack it; if so, a big-endian sync id follows in bytes 1–4 (§1.5). Then the body,
 * whose encoding the client knows from its own mode; there is no JSON flag in this direction. The
 * server builds these, clients parse them.
 *
 * <p>A parsed frame wraps the WebSocket message without copying it.
 */
public final class ServerFrame {

    private static final int SYNC_ID_LENGTH = 4;

    private final int type;
    private final boolean ackRequired;
    private final int syncId;
    private final byte[] data;

    private ServerFrame(int type, boolean ackRequired, int syncId, byte[] data) {
        this.type = type;
        this.ackRequired = ackRequired;
        this.syncId = syncId;
        this.data = data;
    }

    /** {@code [type][body]}; a null body means none (PING, OFFLINEMSGEND). */
    public static byte[] plain(int type, byte[] body) {
        return frame(FrameType.requireValid(type), false, 0, body);
    }

    /** {@code [0x80 | type][sync id, big-endian][body]}: the client must answer with an ACK of this id. */
    public static byte[] ackRequired(int type, int syncId, byte[] body) {
        return frame(FrameType.requireValid(type), true, syncId, body);
    }

    private static byte[] frame(int type, boolean ackRequired, int syncId, byte[] body) {
        int length = body == null ? 0 : body.length;
        ByteBuffer frame = ByteBuffer.allocate(1 + (ackRequired ? SYNC_ID_LENGTH : 0) + length);
        frame.put((byte) (ackRequired ? type | FrameType.ACK_REQUIRED : type));
        if (ackRequired) {
            frame.putInt(syncId);
        }
        if (length > 0) {
            frame.put(body);
        }
        return frame.array();
    }

    /**
     * Wraps one WebSocket message.
     *
     * @throws ProtocolException if the message is empty, or is ack-required but too short for the id
     */
    public static ServerFrame parse(byte[] wsMessage) {
        if (wsMessage.length == 0) {
            throw new ProtocolException("empty frame");
        }
        int type = wsMessage[0] & FrameType.TYPE_MASK;
        if ((wsMessage[0] & FrameType.ACK_REQUIRED) == 0) {
            return new ServerFrame(type, false, 0, wsMessage);
        }
        if (wsMessage.length < 1 + SYNC_ID_LENGTH) {
            throw new ProtocolException("ack-required frame without a 4-byte sync id");
        }
        return new ServerFrame(type, true, ByteBuffer.wrap(wsMessage).getInt(1), wsMessage);
    }

    /** Bits 0–6 of byte 0. */
    public int type() {
        return type;
    }

    /** Bit 7 of byte 0: the client must ack {@link #syncId()} before handling the body. */
    public boolean ackRequired() {
        return ackRequired;
    }

    /** The id to ack (see {@link ClientFrame#ack}); 0 when no ack is required. */
    public int syncId() {
        return syncId;
    }

    /** The whole message, byte 0 included; not a copy. */
    public byte[] data() {
        return data;
    }

    /** 1, or 5 after a sync id. */
    public int bodyOffset() {
        return ackRequired ? 1 + SYNC_ID_LENGTH : 1;
    }

    public int bodyLength() {
        return data.length - bodyOffset();
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return Arrays.copyOfRange(data, bodyOffset(), data.length);
    }

    /**
     * Decodes the body as a struct in the client's own mode.
     *
     * @throws ProtocolException if the body is not a readable struct
     */
    public <T extends TimStruct<T>> T decodeBody(boolean json, Class<T> structType) {
        return WireCodec.of(json).decode(data, bodyOffset(), bodyLength(), structType);
    }

    @Override
    public String toString() {
        return "ServerFrame{" + FrameType.name(type) + (ackRequired ? ", sync id " + syncId : "")
                + ", body=" + bodyLength() + " bytes}";
    }
}
