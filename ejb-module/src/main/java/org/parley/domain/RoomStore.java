package org.parley.domain;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Rooms and memberships, in the shard of each room (with the room's messages). */
public interface RoomStore {

    /** What a room change sees and edits, inside one transaction that holds the room's lock. */
    interface Records {

        /** The room, or empty if there is none with this node. */
        Optional<Room> room();

        /** The user's membership row, or a fresh {@link Membership.State#NONE} one. */
        Membership membership(String user);

        /** The room's last mid (0 when it has no messages yet). */
        long lastMid();

        void save(Room room);

        void save(Membership membership);
    }

    void create(Room room, Membership founder);

    /** Runs a change atomically: concurrent changes of the same room, from any node, wait for each other. */
    <T> T change(String room, Function<Records, T> change);

    Optional<Room> find(String room);

    Optional<Membership> membership(String room, String user);

    /** Users whose membership is MEMBER. */
    List<String> members(String room);

    /** Members with the manager role. */
    List<String> managers(String room);

    /** Users the room blocked. */
    List<String> blockedMembers(String room);

    /** Every MEMBER membership of the user, over all shards. */
    List<Membership> roomsOf(String user);

    /** Rooms the user blocked, over all shards. */
    List<String> roomsBlockedBy(String user);

    /** Moves delivery cursors forward (never back), one room at a time. */
    void delivered(String room, String user, long mid);
}
