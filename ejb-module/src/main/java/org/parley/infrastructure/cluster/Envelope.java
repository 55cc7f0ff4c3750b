package org.parley.infrastructure.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * What one member sends another over the cluster bus: "deliver this frame to these users' devices on your node"
 * (one hop per member, whatever the number of users), or the answer "a device acknowledged it" (or not). Encoded
 * as plain bytes, with the struct in Thrift compact, so no member needs to deserialize application classes.
 */
record Envelope(byte kind, long requestId, String replyTo, boolean ackRequired, int frameType, List<String> users,
        TimStruct<?> struct, boolean acked, String cursorRoom, long cursorMid) {

    static final byte DELIVER = 1;
    static final byte REPLY = 2;

    /** The structs a member may forward, by a stable tag; anything else on the bus is refused. */
    private static final Map<Class<?>, Byte> TAGS = Map.of(TimMessage.class, (byte) 1, TimPresence.class, (byte) 2,
            TimStream.class, (byte) 3, TimNodes.class, (byte) 4, TimAck.class, (byte) 5, TimMessageList.class, (byte) 6);

    static Envelope deliver(long requestId, String replyTo, boolean ackRequired, int frameType, List<String> users,
            TimStruct<?> struct) {
        return new Envelope(DELIVER, requestId, replyTo, ackRequired, frameType, users, struct, false, "", 0);
    }

    /** A room message: the receiving node records each member's acknowledgement in its delivery watermarks. */
    static Envelope deliverRoom(String replyTo, String room, long mid, List<String> users, TimStruct<?> struct) {
        return new Envelope(DELIVER, 0, replyTo, true, FrameType.MESSAGE, users, struct, false, room, mid);
    }

    static Envelope reply(long requestId, boolean acked) {
        return new Envelope(REPLY, requestId, "", false, 0, List.of(), null, acked, "", 0);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(kind);
            out.writeLong(requestId);
            if (kind == REPLY) {
                out.writeBoolean(acked);
            } else {
                out.writeUTF(replyTo);
                out.writeUTF(cursorRoom);
                out.writeLong(cursorMid);
                out.writeBoolean(ackRequired);
                out.writeShort(frameType);
                out.writeInt(users.size());
                for (String u : users) {
                    out.writeUTF(u);
                }
                Byte tag = TAGS.get(struct.getClass());
                if (tag == null) {
                    throw new IllegalArgumentException("not forwardable: " + struct.getClass());
                }
                out.writeByte(tag);
                byte[] body = ThriftCodec.INSTANCE.encode(struct);
                out.writeInt(body.length);
                out.write(body);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Envelope decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte kind = in.readByte();
            long requestId = in.readLong();
            if (kind == REPLY) {
                return reply(requestId, in.readBoolean());
            }
            String replyTo = in.readUTF();
            String cursorRoom = in.readUTF();
            long cursorMid = in.readLong();
            boolean ackRequired = in.readBoolean();
            int frameType = in.readShort();
            int count = in.readInt();
            List<String> users = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                users.add(in.readUTF());
            }
            byte tag = in.readByte();
            byte[] body = in.readNBytes(in.readInt());
            return new Envelope(DELIVER, requestId, replyTo, ackRequired, frameType, users, decodeStruct(tag, body), false,
                    cursorRoom, cursorMid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TimStruct<?> decodeStruct(byte tag, byte[] body) {
        return switch (tag) {
            case 1 -> ThriftCodec.INSTANCE.decode(body, TimMessage.class);
            case 2 -> ThriftCodec.INSTANCE.decode(body, TimPresence.class);
            case 3 -> ThriftCodec.INSTANCE.decode(body, TimStream.class);
            case 4 -> ThriftCodec.INSTANCE.decode(body, TimNodes.class);
            case 5 -> ThriftCodec.INSTANCE.decode(body, TimAck.class);
            case 6 -> ThriftCodec.INSTANCE.decode(body, TimMessageList.class);
            default -> throw new IllegalArgumentException("unknown struct tag " + tag);
        };
    }
}
