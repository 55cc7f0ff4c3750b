package org.parley.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One big-data frame, type 95 (text), 96 (binary) or 97 (binary into a virtual room): raw bytes
 * rather than a struct (§5.15). On the wire it is the type byte, the target (or, outbound, the
 * sender) node, a separator ({@code |} for 95, {@code 0x83} for 96 and 97) and the payload; inbound
 * frames from timjs also carry a length prefix, see {@link BigDataAssembler}.
 *
 * <p>The node is read and written as ISO-8859-1, which maps bytes to chars one to one: nodes are
 * ASCII, and atim's Latin-1 encoding survives unchanged. The payload array is not copied.
 */
public final class BigData {

    /** Type byte plus the big-endian length of timjs's inbound form. */
    static final int PREFIX_LENGTH = 5;

    private final int type;
    private final String node;
    private final byte[] payload;

    /**
     * @throws IllegalArgumentException if {@code type} is not a big-data type or the node contains
     *     the separator (the receiver would split the frame in the wrong place)
     */
    public BigData(int type, String node, byte[] payload) {
        if (!isBigData(type)) {
            throw new IllegalArgumentException("not a big-data type: " + type);
        }
        if (node.indexOf(separator(type) & 0xFF) >= 0) {
            throw new IllegalArgumentException("node contains the separator: " + node);
        }
        this.type = type;
        this.node = node;
        this.payload = payload;
    }

    public static boolean isBigData(int type) {
        return type == FrameType.BIGSTRING || type == FrameType.BIGBINARY || type == FrameType.BIGBINARYSTREAM;
    }

    /** The byte between node and payload: {@code 0x7C} for 95, {@code 0x83} for 96 and 97. */
    public static byte separator(int type) {
        return type == FrameType.BIGSTRING ? (byte) '|' : (byte) 0x83;
    }

    /**
     * Parses an unprefixed frame, the form the server sends (and atim and timgo send too).
     *
     * @throws ProtocolException if the message is not a big-data frame
     * @throws BigDataException if there is no separator
     */
    public static BigData parse(byte[] wsMessage) {
        if (wsMessage.length == 0 || !isBigData(wsMessage[0] & FrameType.TYPE_MASK)) {
            throw new ProtocolException("not a big-data frame");
        }
        return split(wsMessage[0] & FrameType.TYPE_MASK, wsMessage, 1, wsMessage.length);
    }

    /** Splits {@code data[from..to)} at the first separator: node before, payload after. */
    static BigData split(int type, byte[] data, int from, int to) {
        byte separator = separator(type);
        for (int i = from; i < to; i++) {
            if (data[i] == separator) {
                String node = new String(data, from, i - from, StandardCharsets.ISO_8859_1);
                return new BigData(type, node, Arrays.copyOfRange(data, i + 1, to));
            }
        }
        throw new BigDataException(BigDataException.Reason.NO_SEPARATOR,
                FrameType.name(type) + " frame without a separator");
    }

    /** 95, 96 or 97. */
    public int type() {
        return type;
    }

    /** Inbound the target (user node, or vnode for 97); outbound the sender (vnode for 97). */
    public String node() {
        return node;
    }

    /** Not a copy. */
    public byte[] payload() {
        return payload;
    }

    /** The payload as UTF-8 text, the encoding of type 95. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** {@code [type] node sep payload}: the only form the server sends (§5.15), never ack-required. */
    public byte[] toFrame() {
        byte[] nodeBytes = node.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(1 + nodeBytes.length + 1 + payload.length)
                .put((byte) type).put(nodeBytes).put(separator(type)).put(payload)
                .array();
    }

    /**
     * {@code [type | JSON flag] L node sep payload} with L the big-endian total length: the inbound form
     * timjs sends, which sets the JSON flag on every frame.
     */
    public byte[] toPrefixedFrame(boolean json) {
        byte[] nodeBytes = node.getBytes(StandardCharsets.ISO_8859_1);
        int length = PREFIX_LENGTH + nodeBytes.length + 1 + payload.length;
        return ByteBuffer.allocate(length)
                .put((byte) (type | (json ? FrameType.JSON_FLAG : 0))).putInt(length)
                .put(nodeBytes).put(separator(type)).put(payload)
                .array();
    }

    @Override
    public String toString() {
        return "BigData{" + FrameType.name(type) + ", node=" + node + ", payload=" + payload.length + " bytes}";
    }
}
