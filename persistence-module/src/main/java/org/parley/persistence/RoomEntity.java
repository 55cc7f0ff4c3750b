package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A room (tim's group). Lives in the shard of the room's chat, with its members and its messages, so a room
 * operation is one transaction in one shard. Who may do what is in columns (founder) and in the membership rows
 * (managers); what users wrote about the room (topic, cover, label, extend, extra) is the opaque {@code bean}.
 */
@Entity
@Table(name = "parley_room", indexes = @Index(name = "parley_room_slot", columnList = "shard_slot"))
public class RoomEntity extends SlottedRow {

    @Id
    @Column(name = "node", length = 64)
    private String node;

    @Column(name = "founder", length = 64, nullable = false)
    private String founder;

    /** tim's gtype: 1 private (joins need approval), 2 open. */
    @Column(name = "gtype", nullable = false)
    private int gtype;

    @Column(name = "cancelled", nullable = false)
    private boolean cancelled;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Lob
    @Column(name = "bean")
    private byte[] bean;

    protected RoomEntity() {
    }

    public RoomEntity(int slot, String node, String founder, int gtype, long createdAt, byte[] bean) {
        super(slot);
        this.node = node;
        this.founder = founder;
        this.gtype = gtype;
        this.createdAt = createdAt;
        this.bean = bean;
    }

    public String getNode() {
        return node;
    }

    public String getFounder() {
        return founder;
    }

    public int getGtype() {
        return gtype;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public byte[] getBean() {
        return bean;
    }

    public void setBean(byte[] bean) {
        this.bean = bean;
    }
}
