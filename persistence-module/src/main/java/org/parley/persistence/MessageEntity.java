package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A message kept in history. Routing facts are columns (for queries); everything the users wrote is in the
 * opaque {@code payload}, sealed (encrypted and authenticated) by the store as one value.
 */
@Entity
@IdClass(MessageKey.class)
@Table(name = "parley_message", indexes = {
        @Index(name = "parley_message_chat_time", columnList = "chat_id,created_at"),
        @Index(name = "parley_message_slot", columnList = "shard_slot")})
public class MessageEntity extends SlottedRow {

    @Id
    @Column(name = "chat_id", length = 160)
    private String chatId;

    @Id
    @Column(name = "mid")
    private long mid;

    @Column(name = "from_node", length = 64, nullable = false)
    private String fromNode;

    @Column(name = "to_node", length = 64)
    private String toNode;

    @Column(name = "room_node", length = 64)
    private String roomNode;

    @Column(name = "ms_type", nullable = false)
    private int msType;

    @Column(name = "od_type", nullable = false)
    private int odType;

    /** Send time in nanoseconds since the epoch, as tim's {@code timestamp}. */
    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Lob
    @Column(name = "payload")
    private byte[] payload;

    protected MessageEntity() {
    }

    public MessageEntity(int slot, String chatId, long mid, String fromNode, String toNode, String roomNode,
            int msType, int odType, long createdAt, byte[] payload) {
        super(slot);
        this.chatId = chatId;
        this.mid = mid;
        this.fromNode = fromNode;
        this.toNode = toNode;
        this.roomNode = roomNode;
        this.msType = msType;
        this.odType = odType;
        this.createdAt = createdAt;
        this.payload = payload;
    }

    public String getChatId() {
        return chatId;
    }

    public long getMid() {
        return mid;
    }

    public String getFromNode() {
        return fromNode;
    }

    public String getToNode() {
        return toNode;
    }

    public String getRoomNode() {
        return roomNode;
    }

    public int getMsType() {
        return msType;
    }

    public int getOdType() {
        return odType;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public byte[] getPayload() {
        return payload;
    }

    /** Only for re-sealing the same content under another key (key rotation). */
    public void setPayload(byte[] payload) {
        this.payload = payload;
    }
}
