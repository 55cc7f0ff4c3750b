package org.parley.domain;

/**
 * A message as kept in history. Routing facts are plain fields; what the users wrote is {@code content}, an
 * opaque encoding the store never looks into (so it can be encrypted as one value).
 *
 * @param mid       position in the chat, strictly increasing; 0 for a draft not yet stored
 * @param timestamp send time in nanoseconds since the epoch; strictly increasing with mid within a chat
 */
public record Message(ChatId chat, long mid, String fromNode, String toNode, String roomNode, int msType, int odType,
        long timestamp, byte[] content) {

    /** The message as stored: its mid, and its timestamp as the chat's sequence fixed it. */
    public Message stamped(long newMid, long newTimestamp) {
        return new Message(chat, newMid, fromNode, toNode, roomNode, msType, odType, newTimestamp, content);
    }
}
