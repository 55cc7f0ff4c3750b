package org.parley.domain;

/**
 * Everything between one user and one room: a pending request or membership, the role, the blocks in either
 * direction, and how far the room's messages have reached the user (the delivery cursor).
 */
public final class Membership {

    public enum State { NONE, PENDING, MEMBER }

    public enum Role { MEMBER, MANAGER, FOUNDER }

    private final String room;
    private final String user;
    private State state;
    private Role role;
    private boolean blockedByRoom;
    private boolean blocksRoom;
    private long deliveredMid;

    public Membership(String room, String user, State state, Role role, boolean blockedByRoom, boolean blocksRoom,
            long deliveredMid) {
        this.room = room;
        this.user = user;
        this.state = state;
        this.role = role;
        this.blockedByRoom = blockedByRoom;
        this.blocksRoom = blocksRoom;
        this.deliveredMid = deliveredMid;
    }

    public static Membership none(String room, String user) {
        return new Membership(room, user, State.NONE, Role.MEMBER, false, false, 0);
    }

    public String room() {
        return room;
    }

    public String user() {
        return user;
    }

    public State state() {
        return state;
    }

    public boolean isMember() {
        return state == State.MEMBER;
    }

    public boolean isPending() {
        return state == State.PENDING;
    }

    public Role role() {
        return role;
    }

    /** Founder or manager: may approve, reject, pull, kick, block members and modify the room. */
    public boolean isAdministrator() {
        return isMember() && role != Role.MEMBER;
    }

    public boolean blockedByRoom() {
        return blockedByRoom;
    }

    public boolean blocksRoom() {
        return blocksRoom;
    }

    public long deliveredMid() {
        return deliveredMid;
    }

    /** Becomes a member who has "received" everything up to {@code lastMid}: history before joining is not owed. */
    public void join(Role newRole, long lastMid) {
        state = State.MEMBER;
        role = newRole;
        blockedByRoom = false;
        blocksRoom = false;
        deliveredMid = Math.max(deliveredMid, lastMid);
    }

    public void request() {
        state = State.PENDING;
        blocksRoom = false;
    }

    /** Leaves (or is removed, or the request is dropped); a manager stops being one. */
    public void leave() {
        state = State.NONE;
        role = Role.MEMBER;
    }

    public void blockedByRoom(boolean value) {
        blockedByRoom = value;
    }

    public void blocksRoom(boolean value) {
        blocksRoom = value;
    }

    public void role(Role newRole) {
        role = newRole;
    }

    public void delivered(long mid) {
        deliveredMid = Math.max(deliveredMid, mid);
    }
}
