package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * One undelivered message for one recipient. It is written in the same transaction as the message it refers to
 * (same shard as the chat) and deleted only once a device of the recipient has acknowledged it, so a message
 * accepted from its sender cannot be lost between "stored" and "delivered".
 * <p>
 * Stored kinds refer to their history row by (chat, mid); kinds that tim never keeps in history carry the whole
 * message in {@code payload}, sealed by the store like message content.
 */
@Entity
@Table(name = "parley_offline_entry",
        indexes = {
                @Index(name = "parley_offline_recipient", columnList = "recipient_node,created_at"),
                // Revoke and burn delete the entries that refer to the removed message.
                @Index(name = "parley_offline_message", columnList = "chat_id,mid"),
                @Index(name = "parley_offline_entry_slot", columnList = "shard_slot")})
public class OfflineEntryEntity extends SlottedRow {

    @Id
    @Column(name = "id")
    private long id;

    @Column(name = "recipient_node", length = 64, nullable = false)
    private String recipientNode;

    @Column(name = "chat_id", length = 160, nullable = false)
    private String chatId;

    /** The referenced history row's mid, or 0 when {@code payload} holds the message itself. */
    @Column(name = "mid", nullable = false)
    private long mid;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Lob
    @Column(name = "payload")
    private byte[] payload;

    protected OfflineEntryEntity() {
    }

    public OfflineEntryEntity(int slot, long id, String recipientNode, String chatId, long mid, long createdAt, byte[] payload) {
        super(slot);
        this.id = id;
        this.recipientNode = recipientNode;
        this.chatId = chatId;
        this.mid = mid;
        this.createdAt = createdAt;
        this.payload = payload;
    }

    public long getId() {
        return id;
    }

    public String getRecipientNode() {
        return recipientNode;
    }

    public String getChatId() {
        return chatId;
    }

    public long getMid() {
        return mid;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public byte[] getPayload() {
        return payload;
    }

    /** Only for re-sealing the same message under another key (key rotation). */
    public void setPayload(byte[] payload) {
        this.payload = payload;
    }
}
