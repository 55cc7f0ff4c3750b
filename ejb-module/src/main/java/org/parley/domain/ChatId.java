package org.parley.domain;

import java.util.Objects;

/**
 * Identity of a conversation: the unordered pair of two users, or a room. It is also the shard key of every
 * message of the chat, so one chat's history and mid sequence live in one database.
 */
public final class ChatId {

    private final String value;

    private ChatId(String value) {
        this.value = value;
    }

    /** The 1:1 chat of two users; the same whoever is sender. */
    public static ChatId direct(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? new ChatId("d:" + userA + ":" + userB) : new ChatId("d:" + userB + ":" + userA);
    }

    public static ChatId room(String roomNode) {
        return new ChatId("r:" + roomNode);
    }

    /** The system messages operators sent one user (msType 1): a history of their own, sharded by this id. */
    public static ChatId system(String userNode) {
        return new ChatId("s:" + userNode);
    }

    /** Where messages queued for one user that belong to no history are kept: the user's own shard. */
    public static ChatId queueOf(String userNode) {
        return new ChatId("q:" + userNode);
    }

    public static ChatId of(String value) {
        return new ChatId(Objects.requireNonNull(value));
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatId c && value.equals(c.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
