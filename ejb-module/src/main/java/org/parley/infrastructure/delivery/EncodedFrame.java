package org.parley.infrastructure.delivery;

import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * One outgoing struct frame, encoded at most once per wire mode however many devices get it: the Thrift body also
 * travels the cluster hop, and a node that received it decodes the struct only if one of its devices speaks JSON.
 * Safe to share between threads (a body computed twice in a race is the same bytes).
 */
final class EncodedFrame {

    private final int type;
    private TimStruct<?> struct;
    private final Class<? extends TimStruct<?>> structType;
    private volatile byte[] thrift;
    private volatile byte[] json;
    private volatile byte[] plainThrift;
    private volatile byte[] plainJson;

    private EncodedFrame(int type, TimStruct<?> struct, Class<? extends TimStruct<?>> structType, byte[] thrift) {
        this.type = type;
        this.struct = struct;
        this.structType = structType;
        this.thrift = thrift;
    }

    static EncodedFrame of(int type, TimStruct<?> struct) {
        @SuppressWarnings("unchecked")
        Class<? extends TimStruct<?>> structType = (Class<? extends TimStruct<?>>) struct.getClass();
        return new EncodedFrame(type, struct, structType, null);
    }

    /** A frame that arrived over the cluster hop as its Thrift body. */
    static EncodedFrame ofThrift(int type, Class<? extends TimStruct<?>> structType, byte[] thriftBody) {
        return new EncodedFrame(type, null, structType, thriftBody);
    }

    int type() {
        return type;
    }

    Class<? extends TimStruct<?>> structType() {
        return structType;
    }

    /** The body in one mode. */
    byte[] body(boolean jsonMode) {
        if (jsonMode) {
            byte[] b = json;
            if (b == null) {
                b = WireCodec.of(true).encode(struct());
                json = b;
            }
            return b;
        }
        byte[] b = thrift;
        if (b == null) {
            b = ThriftCodec.INSTANCE.encode(struct);
            thrift = b;
        }
        return b;
    }

    /** The whole frame without an acknowledgement request, the same bytes for every device of the mode. */
    byte[] plain(boolean jsonMode) {
        byte[] f = jsonMode ? plainJson : plainThrift;
        if (f == null) {
            f = ServerFrame.plain(type, body(jsonMode));
            if (jsonMode) {
                plainJson = f;
            } else {
                plainThrift = f;
            }
        }
        return f;
    }

    /** The whole frame asking the device to acknowledge {@code syncId}: only its five header bytes are its own. */
    byte[] ackRequired(boolean jsonMode, int syncId) {
        return ServerFrame.ackRequired(type, syncId, body(jsonMode));
    }

    /** The struct itself, decoded from the Thrift body if it came over the cluster hop. */
    synchronized TimStruct<?> struct() {
        if (struct == null) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            TimStruct<?> decoded = ThriftCodec.INSTANCE.decode(thrift, (Class) structType);
            struct = decoded;
        }
        return struct;
    }
}
