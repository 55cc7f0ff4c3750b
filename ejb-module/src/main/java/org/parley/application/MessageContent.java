package org.parley.application;

import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Converts between wire messages and stored ones. What the users wrote (text, binary, udtype, udshow, extend,
 * extra) becomes one opaque value; routing facts become the stored message's fields.
 */
final class MessageContent {

    private MessageContent() {
    }

    static Message draft(ChatId chat, TimMessage m, long timestamp) {
        TimMessage content = new TimMessage()
                .setDataString(m.getDataString())
                .setDataBinary(m.getDataBinary())
                .setUdtype(m.getUdtype())
                .setUdshow(m.getUdshow())
                .setExtend(m.getExtend())
                .setExtra(m.getExtra());
        // A system message (msType 1) comes from no user: stored with an empty sender, sent without fromTid.
        String from = m.getFromTid() == null ? "" : m.getFromTid().getNode();
        return new Message(chat, 0, from, node(m.getToTid()), node(m.getRoomTid()),
                m.getMsType(), m.getOdType(), timestamp, ThriftCodec.INSTANCE.encode(content));
    }

    /** The message as history and offline delivery show it: with its mid, the sender as {@code {node}}, no id. */
    static TimMessage toWire(Message stored) {
        byte[] c = stored.content();
        TimMessage m = ThriftCodec.INSTANCE.decode(c, 0, c.length, TimMessage.class);
        m.setMsType((byte) stored.msType())
                .setOdType((byte) stored.odType())
                .setMid(stored.mid())
                .setTimestamp(stored.timestamp());
        if (!stored.fromNode().isEmpty()) {
            m.setFromTid(new Tid(stored.fromNode()));
        }
        if (stored.toNode() != null) {
            m.setToTid(new Tid(stored.toNode()));
        }
        if (stored.roomNode() != null) {
            m.setRoomTid(new Tid(stored.roomNode()));
        }
        return m;
    }

    private static String node(Tid tid) {
        return tid == null ? null : tid.getNode();
    }
}
