package org.parley.application;

import java.util.Set;

/**
 * Each node's view of the rooms that messages are sent to, so a room message reads no room row and no member list:
 * whether the room is alive and who its members are, loaded once and dropped on every node when the room changes.
 */
public interface RoomDirectory {

    /** The room as fan-out needs it; {@link View#MISSING} for a room that does not exist. */
    View view(String room);

    /** A membership change (join, leave, kick, block) or a cancel committed: every node reloads the room. */
    void changed(String room);

    /**
     * @param alive   the room exists and is not cancelled
     * @param members the members' nodes (an unmodifiable set: membership checks are O(1))
     */
    record View(boolean alive, Set<String> members) {
        public static final View MISSING = new View(false, Set.of());
    }
}
