package org.parley.persistence;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@link RoomMemberEntity}. */
public class RoomMemberKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private String room;
    private String member;

    public RoomMemberKey() {
    }

    public RoomMemberKey(String room, String member) {
        this.room = room;
        this.member = member;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomMemberKey k && Objects.equals(room, k.room) && Objects.equals(member, k.member);
    }

    @Override
    public int hashCode() {
        return Objects.hash(room, member);
    }
}
