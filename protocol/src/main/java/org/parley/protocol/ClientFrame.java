package org.parley.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame as a client sends it (§1.4): byte 0 carries the type in bits 0–6 and, in bit 7, whether
 * the body is JSON; the body starts at byte 1. The server parses these, clients build them.
 *
 * <p>A parsed frame wraps the WebSocket message without copying it.
 */
public final class ClientFrame {

    private static final int BODY_OFFSET = 1;

    private final int type;
    private final boolean json;
    private final byte[] data;

    private ClientFrame(byte[] data) {
        this.type = data[0] & FrameType.TYPE_MASK;
        this.json = (data[0] & FrameType.JSON_FLAG) != 0;
        this.data = data;
    }

    /**
     * Wraps one WebSocket message.
     *
     * @throws ProtocolException if the message is empty
     */
    public static ClientFrame parse(byte[] wsMessage) {
        if (wsMessage.length == 0) {
            throw new ProtocolException("empty frame");
        }
        return new ClientFrame(wsMessage);
    }

    /** {@code [type | JSON flag][body]}; a null body means none (PING, OFFLINEMSG). */
    public static byte[] build(int type, boolean json, byte[] body) {
        int length = body == null ? 0 : body.length;
        byte[] frame = new byte[BODY_OFFSET + length];
        frame[0] = (byte) (FrameType.requireValid(type) | (json ? FrameType.JSON_FLAG : 0));
        if (length > 0) {
            System.arraycopy(body, 0, frame, BODY_OFFSET, length);
        }
        return frame;
    }

    /**
     * The answer to an ack-required server frame (§1.5): {@code [0x0C][sync id, big-endian]}, or
     * {@code 0x8C} first as timjs sends it.
     */
    public static byte[] ack(int syncId, boolean json) {
        return ByteBuffer.allocate(5)
                .put((byte) (FrameType.ACK | (json ? FrameType.JSON_FLAG : 0)))
                .putInt(syncId)
                .array();
    }

    /** Bits 0–6 of byte 0. */
    public int type() {
        return type;
    }

    /** Bit 7 of byte 0: the body is JSON, not Thrift compact. */
    public boolean json() {
        return json;
    }

    /** The whole message, byte 0 included; not a copy. */
    public byte[] data() {
        return data;
    }

    public int bodyOffset() {
        return BODY_OFFSET;
    }

    public int bodyLength() {
        return data.length - BODY_OFFSET;
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return Arrays.copyOfRange(data, BODY_OFFSET, data.length);
    }

    /**
     * Decodes the body as a struct, with the codec the JSON flag selects.
     *
     * @throws ProtocolException if the body is not a readable struct
     */
    public <T extends TimStruct<T>> T decodeBody(Class<T> structType) {
        return WireCodec.of(json).decode(data, BODY_OFFSET, bodyLength(), structType);
    }

    /**
     * The sync id of an ACK frame (bytes 1–4, big-endian); anything after it is ignored, as v2 does.
     *
     * @throws IllegalStateException if this is not an ACK frame
     * @throws ProtocolException if fewer than 4 id bytes follow the type byte
     */
    public int ackSyncId() {
        if (type != FrameType.ACK) {
            throw new IllegalStateException("not an ACK frame: " + FrameType.name(type));
        }
        if (data.length < BODY_OFFSET + 4) {
            throw new ProtocolException("ACK frame without a 4-byte sync id");
        }
        return ByteBuffer.wrap(data).getInt(BODY_OFFSET);
    }

    @Override
    public String toString() {
        return "ClientFrame{" + FrameType.name(type) + (json ? ", json" : "") + ", body=" + bodyLength() + " bytes}";
    }
}
