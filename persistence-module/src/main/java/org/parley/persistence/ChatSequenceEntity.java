package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * The last {@code mid} and timestamp handed out in one chat. Writers lock this row for the length of their
 * transaction, so mids and timestamps stay strictly increasing however many nodes append to the same chat at once
 * (and whatever their clocks say).
 */
@Entity
@Table(name = "parley_chat_sequence", indexes = @Index(name = "parley_chat_sequence_slot", columnList = "shard_slot"))
public class ChatSequenceEntity extends SlottedRow {

    @Id
    @Column(name = "chat_id", length = 160)
    private String chatId;

    @Column(name = "last_mid", nullable = false)
    private long lastMid;

    @Column(name = "last_timestamp", nullable = false)
    private long lastTimestamp;

    protected ChatSequenceEntity() {
    }

    public ChatSequenceEntity(int slot, String chatId) {
        super(slot);
        this.chatId = chatId;
    }

    /** The row as read by plain JDBC (the append batch), to advance it by the same rule. */
    public ChatSequenceEntity(int slot, String chatId, long lastMid, long lastTimestamp) {
        this(slot, chatId);
        this.lastMid = lastMid;
        this.lastTimestamp = lastTimestamp;
    }

    public String getChatId() {
        return chatId;
    }

    public long getLastMid() {
        return lastMid;
    }

    public long getLastTimestamp() {
        return lastTimestamp;
    }

    /** Advances the sequence; the new timestamp is {@code now}, or just after the previous one if the clock lags. */
    public void advance(long now) {
        lastMid++;
        lastTimestamp = Math.max(now, lastTimestamp + 1);
    }
}
