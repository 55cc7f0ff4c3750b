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
 * What one member sends another over the cluster bus (one hop per member, whatever the number of users):
 * <ul>
 * <li>DELIVER: "deliver this frame to these users' devices on your node", and its REPLY "a device acknowledged it"
 * (or not);
 * <li>ADDRESSED: a presence for these users, each copy addressed to its recipient ({@code toTid});
 * <li>RAW: a frame that is not a struct (big string / big binary) for these users' devices;
 * <li>STREAM: a vroom's stream push for these sockets on your node, each in its subscription's mode;
 * <li>KICK: "tell this socket it is logged out and close it" (the device limit).
 * </ul>
 * Encoded as plain bytes, with structs in Thrift compact, so no member needs to deserialize application classes.
 */
record Envelope(byte kind, long requestId, String replyTo, boolean ackRequired, int frameType, List<String> users,
        TimStruct<?> struct, boolean acked, String cursorRoom, long cursorMid, byte[] raw, List<StreamTarget> targets) {

    static final byte DELIVER = 1;
    static final byte REPLY = 2;
    static final byte ADDRESSED = 3;
    static final byte RAW = 4;
    static final byte STREAM = 5;
    static final byte KICK = 6;

    /** The structs a member may forward, by a stable tag; anything else on the bus is refused. */
    private static final Map<Class<?>, Byte> TAGS = Map.of(TimMessage.class, (byte) 1, TimPresence.class, (byte) 2,
            TimStream.class, (byte) 3, TimNodes.class, (byte) 4, TimAck.class, (byte) 5, TimMessageList.class, (byte) 6);

    static Envelope deliver(long requestId, String replyTo, boolean ackRequired, int frameType, List<String> users,
            TimStruct<?> struct) {
        return new Envelope(DELIVER, requestId, replyTo, ackRequired, frameType, users, struct, false, "", 0, null, List.of());
    }

    /** A room message: the receiving node records each member's acknowledgement in its delivery watermarks. */
    static Envelope deliverRoom(String replyTo, String room, long mid, List<String> users, TimStruct<?> struct) {
        return new Envelope(DELIVER, 0, replyTo, true, FrameType.MESSAGE, users, struct, false, room, mid, null, List.of());
    }

    static Envelope reply(long requestId, boolean acked) {
        return new Envelope(REPLY, requestId, "", false, 0, List.of(), null, acked, "", 0, null, List.of());
    }

    static Envelope addressed(String replyTo, int frameType, List<String> users, TimPresence presence) {
        return new Envelope(ADDRESSED, 0, replyTo, false, frameType, users, presence, false, "", 0, null, List.of());
    }

    static Envelope raw(String replyTo, List<String> users, byte[] frame) {
        return new Envelope(RAW, 0, replyTo, false, frame[0] & FrameType.TYPE_MASK, users, null, false, "", 0, frame,
                List.of());
    }

    static Envelope stream(String replyTo, TimStream stream, List<StreamTarget> targets) {
        return new Envelope(STREAM, 0, replyTo, false, FrameType.STREAM, List.of(), stream, false, "", 0, null, targets);
    }

    static Envelope kick(String replyTo, String user, long connection) {
        return new Envelope(KICK, 0, replyTo, false, 0, List.of(user), null, false, "", 0, null,
                List.of(new StreamTarget(connection, false)));
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(kind);
            out.writeLong(requestId);
            if (kind == REPLY) {
                out.writeBoolean(acked);
                out.flush();
                return bytes.toByteArray();
            }
            out.writeUTF(replyTo);
            out.writeUTF(cursorRoom);
            out.writeLong(cursorMid);
            out.writeBoolean(ackRequired);
            out.writeShort(frameType);
            out.writeInt(users.size());
            for (String u : users) {
                out.writeUTF(u);
            }
            out.writeInt(targets.size());
            for (StreamTarget t : targets) {
                out.writeLong(t.connection());
                out.writeBoolean(t.raw());
            }
            if (raw != null) {
                out.writeByte(0);
                out.writeInt(raw.length);
                out.write(raw);
            } else if (struct != null) {
                Byte tag = TAGS.get(struct.getClass());
                if (tag == null) {
                    throw new IllegalArgumentException("not forwardable: " + struct.getClass());
                }
                out.writeByte(tag);
                byte[] body = ThriftCodec.INSTANCE.encode(struct);
                out.writeInt(body.length);
                out.write(body);
            } else {
                out.writeByte(-1);
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
            int targetCount = in.readInt();
            List<StreamTarget> targets = new ArrayList<>(targetCount);
            for (int i = 0; i < targetCount; i++) {
                targets.add(new StreamTarget(in.readLong(), in.readBoolean()));
            }
            byte tag = in.readByte();
            TimStruct<?> struct = null;
            byte[] raw = null;
            if (tag == 0) {
                raw = in.readNBytes(in.readInt());
            } else if (tag > 0) {
                struct = decodeStruct(tag, in.readNBytes(in.readInt()));
            }
            return new Envelope(kind, requestId, replyTo, ackRequired, frameType, users, struct, false, cursorRoom,
                    cursorMid, raw, targets);
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
