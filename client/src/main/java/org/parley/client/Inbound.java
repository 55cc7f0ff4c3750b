package org.parley.client;

import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;

/**
 * One frame received from the server (§1.4), decoded according to its type:
 *
 * <table>
 * <caption>Payload by frame type</caption>
 * <tr><th>Type</th><th>{@link #payload()}</th></tr>
 * <tr><td>12 ACK</td><td>{@link TimAck}</td></tr>
 * <tr><td>90 MESSAGE</td><td>{@link TimMessage}</td></tr>
 * <tr><td>17 OFFLINEMSG, 21 PULLMESSAGE</td><td>{@link TimMessageList}</td></tr>
 * <tr><td>91 PRESENCE</td><td>{@link TimPresence}</td></tr>
 * <tr><td>42 NODES</td><td>{@link TimNodes}</td></tr>
 * <tr><td>94 STREAM</td><td>{@link TimStream}</td></tr>
 * <tr><td>13 PING, 18 OFFLINEMSGEND</td><td>{@code null} (no body)</td></tr>
 * <tr><td>95, 96, 97 big data, and any other type</td><td>the raw body bytes (after byte 0)</td></tr>
 * </table>
 *
 * <p>If a struct body could not be decoded, {@link #payload()} holds the raw body bytes and
 * {@link #error()} says why. An empty WebSocket message is reported with type -1.
 *
 * @param type the frame type, bits 0–6 of byte 0 (e.g. {@link FrameType#MESSAGE}); -1 for an empty message
 * @param ackRequired whether bit 7 was set, i.e. the server expects an ACK of {@code syncId}
 * @param syncId the sync id to acknowledge; 0 when no ack is required
 * @param payload the decoded struct, or raw bytes, or {@code null}; see the table above
 * @param frame the whole WebSocket message as received (not a copy; do not modify)
 * @param error why a struct body could not be decoded, else {@code null}
 */
public record Inbound(int type, boolean ackRequired, int syncId, Object payload, byte[] frame,
                      ProtocolException error) {

    /** The ack, if this is an ACK frame that decoded; else {@code null}. */
    public TimAck ack() {
        return payload instanceof TimAck a ? a : null;
    }

    /** The message, if this is a MESSAGE frame that decoded; else {@code null}. */
    public TimMessage message() {
        return payload instanceof TimMessage m ? m : null;
    }

    /** The list of an OFFLINEMSG batch or a PULLMESSAGE answer; else {@code null}. */
    public TimMessageList messageList() {
        return payload instanceof TimMessageList l ? l : null;
    }

    /** The presence, if this is a PRESENCE frame that decoded; else {@code null}. */
    public TimPresence presence() {
        return payload instanceof TimPresence p ? p : null;
    }

    /** The profiles or lists of a NODES frame; else {@code null}. */
    public TimNodes nodes() {
        return payload instanceof TimNodes n ? n : null;
    }

    /** The stream of a STREAM frame; else {@code null}. */
    public TimStream stream() {
        return payload instanceof TimStream s ? s : null;
    }

    /** The raw body bytes, for big data, unknown types and undecodable bodies; else {@code null}. */
    public byte[] bytes() {
        return payload instanceof byte[] b ? b : null;
    }

    /**
     * A big-data frame (95/96/97) split into sender node (vnode for 97) and payload; {@code null}
     * for other types or when the frame has no separator.
     */
    public BigData bigData() {
        if (!BigData.isBigData(type) || ackRequired) {
            return null;
        }
        try {
            return BigData.parse(frame);
        } catch (ProtocolException e) {
            return null;
        }
    }

    /** Whether the frame is of {@code frameType}. */
    public boolean is(int frameType) {
        return type == frameType;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Inbound{").append(type < 0 ? "EMPTY" : FrameType.name(type));
        if (ackRequired) {
            s.append(", syncId=").append(syncId);
        }
        if (payload instanceof byte[] b) {
            s.append(", ").append(b.length).append(" bytes");
        } else if (payload != null) {
            s.append(", ").append(payload);
        }
        if (error != null) {
            s.append(", error=").append(error.getMessage());
        }
        return s.append('}').toString();
    }
}
