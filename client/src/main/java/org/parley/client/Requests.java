package org.parley.client;

import org.parley.protocol.BigData;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * Builds the frames and request structs a client sends (§1.4, §5). Stateless; every method takes
 * the client's mode: with {@code json} every frame gets bit 7 and struct bodies are JSON, as timjs
 * sends them; without, the body is Thrift compact, as atim and timgo send it.
 */
final class Requests {

    /** msType of a message between users (§5.12). */
    static final byte MS_USER = 2;
    /** msType of a room message. */
    static final byte MS_ROOM = 3;
    static final byte OD_NORMAL = 1;
    static final byte OD_REVOKE = 2;
    static final byte OD_BURN = 3;
    /** TimReq.rtype of a 1:1 history pull (§5.8). */
    static final int PULL_USER = 1;
    /** TimReq.rtype of a room history pull. */
    static final int PULL_ROOM = 2;

    private Requests() {
    }

    /** {@code [type | json][struct body]}. */
    static byte[] struct(int type, boolean json, TimStruct<?> body) {
        return ClientFrame.build(type, json, WireCodec.of(json).encode(body));
    }

    /** {@code [type | json]} with no body (PING, OFFLINEMSG). */
    static byte[] bare(int type, boolean json) {
        return ClientFrame.build(type, json, null);
    }

    /** {@code [0x0C | json][sync id]} (§1.5). */
    static byte[] ack(int syncId, boolean json) {
        return ClientFrame.ack(syncId, json);
    }

    /**
     * A big-data frame (§5.15): timjs's length-prefixed form, or atim's unprefixed one. In JSON mode
     * bit 7 is set on byte 0 either way; the rest is raw bytes.
     */
    static byte[] bigData(BigData data, boolean json, boolean lengthPrefixed) {
        if (lengthPrefixed) {
            return data.toPrefixedFrame(json);
        }
        byte[] frame = data.toFrame();
        if (json) {
            frame[0] |= (byte) FrameType.JSON_FLAG;
        }
        return frame;
    }

    static TimAuth passwordAuth(String name, String pwd, String domain, String resource, int termtyp) {
        return new TimAuth().setName(name).setPwd(pwd).setDomain(domain).setResource(resource)
                .setTermtyp(toByte(termtyp, "termtyp"));
    }

    static TimAuth tokenAuth(String name, String token, String domain, String resource, int termtyp) {
        return new TimAuth().setName(name).setToken(token).setDomain(domain).setResource(resource)
                .setTermtyp(toByte(termtyp, "termtyp"));
    }

    /** A normal text message to a user: msType 2, odType 1 (Appendix A.5). */
    static TimMessage text(String toNode, String text) {
        return new TimMessage().setMsType(MS_USER).setOdType(OD_NORMAL).setToTid(new Tid(toNode)).setDataString(text);
    }

    /** A normal text message to a room: msType 3, odType 1 (Appendix A.13). */
    static TimMessage roomText(String roomNode, String text) {
        return new TimMessage().setMsType(MS_ROOM).setOdType(OD_NORMAL).setRoomTid(new Tid(roomNode)).setDataString(text);
    }

    /** Revoke of one's own 1:1 message: msType 2, odType 2 (Appendix A.14). */
    static TimMessage revoke(String toNode, long mid) {
        return new TimMessage().setMsType(MS_USER).setOdType(OD_REVOKE).setMid(mid).setToTid(new Tid(toNode));
    }

    /** Revoke of one's own room message: msType 3, odType 2. */
    static TimMessage roomRevoke(String roomNode, long mid) {
        return new TimMessage().setMsType(MS_ROOM).setOdType(OD_REVOKE).setMid(mid).setRoomTid(new Tid(roomNode));
    }

    /** Burn after reading, sent by the reader: msType 2, odType 3, {@code toTid} = the author. */
    static TimMessage burn(String authorNode, long mid) {
        return new TimMessage().setMsType(MS_USER).setOdType(OD_BURN).setMid(mid).setToTid(new Tid(authorNode));
    }

    /** A history pull (§5.8, Appendix A.8): newest first, {@code mid <= maxMid} (0 = newest). */
    static TimReq history(int rtype, String node, long maxMid, long limit) {
        return new TimReq().setRtype(rtype).setNode(node).setReqInt(maxMid).setReqInt2(limit);
    }

    private static byte toByte(int value, String what) {
        if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(what + " out of byte range: " + value);
        }
        return (byte) value;
    }
}
