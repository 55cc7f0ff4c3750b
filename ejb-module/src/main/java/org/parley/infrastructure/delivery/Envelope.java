package org.parley.infrastructure.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.infrastructure.cluster.StreamTarget;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * What one node sends another over the cluster bus (one hop per node, whatever the number of users):
 * <ul>
 * <li>DELIVER: "deliver this frame to these users' devices on your node", and its REPLY "a device acknowledged it"
 * (or not);
 * <li>ROOM: "deliver this room message to the room's members on your node"; that node knows the members itself;
 * <li>ADDRESSED: a presence for these users, each copy addressed to its recipient ({@code toTid});
 * <li>RAW: a frame that is not a struct (big string / big binary) for these users' devices;
 * <li>STREAM: a vroom's stream push for these sockets on your node, each in its subscription's mode;
 * <li>KICK: "tell this socket it is logged out and close it" (the device limit).
 * </ul>
 * Plain bytes, with structs as their Thrift compact body (the same bytes Thrift devices get), so no node needs to
 * deserialize application classes, and a receiving node decodes a struct only if one of its devices speaks JSON.
 */
record Envelope(byte kind, long requestId, String replyTo, boolean ackRequired, List<String> users,
        EncodedFrame frame, boolean acked, String room, long mid, byte[] raw, List<StreamTarget> targets) {

    static final byte DELIVER = 1;
    static final byte REPLY = 2;
    static final byte ADDRESSED = 3;
    static final byte RAW = 4;
    static final byte STREAM = 5;
    static final byte KICK = 6;
    static final byte ROOM = 7;

    /** The structs a node may forward, by a stable tag; anything else on the bus is refused. */
    private static final Map<Class<?>, Byte> TAGS = Map.of(TimMessage.class, (byte) 1, TimPresence.class, (byte) 2,
            TimStream.class, (byte) 3, TimNodes.class, (byte) 4, TimAck.class, (byte) 5, TimMessageList.class, (byte) 6);
    private static final List<Class<? extends TimStruct<?>>> BY_TAG = List.of(TimMessage.class, TimPresence.class,
            TimStream.class, TimNodes.class, TimAck.class, TimMessageList.class);

    static Envelope deliver(long requestId, String replyTo, boolean ackRequired, List<String> users, EncodedFrame frame) {
        return new Envelope(DELIVER, requestId, replyTo, ackRequired, users, frame, false, "", 0, null, List.of());
    }

    /** A room message: the receiving node pushes it to the room's members it holds and records their acks. */
    static Envelope room(String replyTo, String room, long mid, EncodedFrame frame) {
        return new Envelope(ROOM, 0, replyTo, true, List.of(), frame, false, room, mid, null, List.of());
    }

    static Envelope reply(long requestId, boolean acked) {
        return new Envelope(REPLY, requestId, "", false, List.of(), null, acked, "", 0, null, List.of());
    }

    static Envelope addressed(String replyTo, List<String> users, EncodedFrame presence) {
        return new Envelope(ADDRESSED, 0, replyTo, false, users, presence, false, "", 0, null, List.of());
    }

    static Envelope raw(String replyTo, List<String> users, byte[] frame) {
        return new Envelope(RAW, 0, replyTo, false, users, null, false, "", 0, frame, List.of());
    }

    static Envelope stream(String replyTo, EncodedFrame stream, List<StreamTarget> targets) {
        return new Envelope(STREAM, 0, replyTo, false, List.of(), stream, false, "", 0, null, targets);
    }

    static Envelope kick(String replyTo, String user, long connection) {
        return new Envelope(KICK, 0, replyTo, false, List.of(user), null, false, "", 0, null,
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
            out.writeUTF(room);
            out.writeLong(mid);
            out.writeBoolean(ackRequired);
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
            } else if (frame != null) {
                Byte tag = TAGS.get(frame.structType());
                if (tag == null) {
                    throw new IllegalArgumentException("not forwardable: " + frame.structType());
                }
                out.writeByte(tag);
                out.writeShort(frame.type());
                byte[] body = frame.body(false);
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
            String room = in.readUTF();
            long mid = in.readLong();
            boolean ackRequired = in.readBoolean();
            int count = in.readInt();
            List<String> users = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                users.add(in.readUTF());
            }
            int targetCount = in.readInt();
            List<StreamTarget> targets = new ArrayList<>(Math.min(targetCount, 1 << 16));
            for (int i = 0; i < targetCount; i++) {
                targets.add(new StreamTarget(in.readLong(), in.readBoolean()));
            }
            byte tag = in.readByte();
            EncodedFrame frame = null;
            byte[] raw = null;
            if (tag == 0) {
                raw = in.readNBytes(in.readInt());
            } else if (tag > 0) {
                if (tag > BY_TAG.size()) {
                    throw new IllegalArgumentException("unknown struct tag " + tag);
                }
                int frameType = in.readShort();
                frame = EncodedFrame.ofThrift(frameType, BY_TAG.get(tag - 1), in.readNBytes(in.readInt()));
            }
            return new Envelope(kind, requestId, replyTo, ackRequired, users, frame, false, room, mid, raw, targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
