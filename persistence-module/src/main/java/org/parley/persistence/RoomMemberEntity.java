package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * Everything between one user and one room: membership (pending request or member), role, the blocks in either
 * direction, and the delivery cursor: the highest room mid known to have reached one of the user's devices. Room
 * messages are stored once; what a member still has to receive is "mids above the cursor", so sending to a room
 * writes nothing per member.
 */
@Entity
@IdClass(RoomMemberKey.class)
@Table(name = "parley_room_member", indexes = {
        @Index(name = "parley_room_member_user", columnList = "member_node"),
        @Index(name = "parley_room_member_slot", columnList = "shard_slot")})
public class RoomMemberEntity extends SlottedRow {

    public static final int NONE = 0;
    public static final int PENDING = 1;
    public static final int MEMBER = 2;

    public static final int ROLE_MEMBER = 0;
    public static final int ROLE_MANAGER = 1;
    public static final int ROLE_FOUNDER = 2;

    @Id
    @Column(name = "room_node", length = 64)
    private String room;

    @Id
    @Column(name = "member_node", length = 64)
    private String member;

    @Column(name = "state", nullable = false)
    private int state;

    @Column(name = "role", nullable = false)
    private int role;

    /** The room refuses this user (BLOCKROOMMEMBER). */
    @Column(name = "blocked_by_room", nullable = false)
    private boolean blockedByRoom;

    /** This user refuses the room (BLOCKROOM). */
    @Column(name = "blocks_room", nullable = false)
    private boolean blocksRoom;

    @Column(name = "delivered_mid", nullable = false)
    private long deliveredMid;

    protected RoomMemberEntity() {
    }

    public RoomMemberEntity(int slot, String room, String member) {
        super(slot);
        this.room = room;
        this.member = member;
    }

    public String getRoom() {
        return room;
    }

    public String getMember() {
        return member;
    }

    public int getState() {
        return state;
    }

    public void setState(int state) {
        this.state = state;
    }

    public int getRole() {
        return role;
    }

    public void setRole(int role) {
        this.role = role;
    }

    public boolean isBlockedByRoom() {
        return blockedByRoom;
    }

    public void setBlockedByRoom(boolean blockedByRoom) {
        this.blockedByRoom = blockedByRoom;
    }

    public boolean isBlocksRoom() {
        return blocksRoom;
    }

    public void setBlocksRoom(boolean blocksRoom) {
        this.blocksRoom = blocksRoom;
    }

    public long getDeliveredMid() {
        return deliveredMid;
    }

    public void setDeliveredMid(long deliveredMid) {
        this.deliveredMid = deliveredMid;
    }
}
