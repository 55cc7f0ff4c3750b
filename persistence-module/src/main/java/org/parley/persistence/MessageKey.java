package org.parley.persistence;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@link MessageEntity}: a message is identified by its chat and its mid within that chat. */
public class MessageKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private String chatId;
    private long mid;

    public MessageKey() {
    }

    public MessageKey(String chatId, long mid) {
        this.chatId = chatId;
        this.mid = mid;
    }

    public String getChatId() {
        return chatId;
    }

    public long getMid() {
        return mid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageKey k && mid == k.mid && Objects.equals(chatId, k.chatId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chatId, mid);
    }
}
