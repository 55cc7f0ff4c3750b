package org.parley.application;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.parley.domain.ChatId;
import org.parley.domain.Membership;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;

/**
 * Rooms and memberships. Like the database behind the real store, it hands out copies: a change only takes effect
 * through {@code save}, and a change that throws writes nothing. {@link #reads} counts the reads of room and
 * membership rows outside changes, so a test can tell whether a path read any.
 */
final class InMemoryRoomStore implements RoomStore {

    private final Map<String, Room> rooms = new HashMap<>();
    /** room → user → membership row, users in node order. */
    private final Map<String, TreeMap<String, Membership>> memberships = new HashMap<>();
    private final InMemoryMessageStore messages;

    int reads;

    InMemoryRoomStore(InMemoryMessageStore messages) {
        this.messages = messages;
    }

    @Override
    public void create(Room room, Membership founder) {
        if (rooms.putIfAbsent(room.node(), copy(room)) != null) {
            throw new IllegalStateException("room " + room.node() + " exists");
        }
        rows(room.node()).put(founder.user(), copy(founder));
    }

    @Override
    public <T> T change(String room, Function<Records, T> change) {
        List<Room> savedRooms = new ArrayList<>();
        List<Membership> savedMemberships = new ArrayList<>();
        T result = change.apply(new Records() {
            @Override
            public Optional<Room> room() {
                return Optional.ofNullable(rooms.get(room)).map(InMemoryRoomStore::copy);
            }

            @Override
            public Membership membership(String user) {
                Membership m = rows(room).get(user);
                return m == null ? Membership.none(room, user) : copy(m);
            }

            @Override
            public long lastMid() {
                List<org.parley.domain.Message> stored = messages.messagesOf(ChatId.room(room));
                return stored.isEmpty() ? 0 : stored.get(stored.size() - 1).mid();
            }

            @Override
            public void save(Room changed) {
                savedRooms.add(copy(changed));
            }

            @Override
            public void save(Membership membership) {
                savedMemberships.add(copy(membership));
            }
        });
        // Committed only now: the change returned normally.
        savedRooms.forEach(r -> rooms.put(r.node(), r));
        savedMemberships.forEach(m -> rows(m.room()).put(m.user(), m));
        return result;
    }

    @Override
    public Optional<Room> find(String room) {
        reads++;
        return Optional.ofNullable(rooms.get(room)).map(InMemoryRoomStore::copy);
    }

    @Override
    public Optional<Membership> membership(String room, String user) {
        reads++;
        return Optional.ofNullable(rows(room).get(user)).map(InMemoryRoomStore::copy);
    }

    @Override
    public List<String> members(String room) {
        reads++;
        return rows(room).values().stream().filter(Membership::isMember).map(Membership::user).toList();
    }

    @Override
    public List<String> managers(String room) {
        reads++;
        return rows(room).values().stream().filter(m -> m.isMember() && m.role() == Membership.Role.MANAGER)
                .map(Membership::user).toList();
    }

    @Override
    public List<String> blockedMembers(String room) {
        reads++;
        return rows(room).values().stream().filter(Membership::blockedByRoom).map(Membership::user).toList();
    }

    @Override
    public List<Membership> roomsOf(String user) {
        reads++;
        return memberships.values().stream().map(rows -> rows.get(user))
                .filter(m -> m != null && m.isMember()).map(InMemoryRoomStore::copy).toList();
    }

    @Override
    public List<String> roomsBlockedBy(String user) {
        reads++;
        return memberships.values().stream().map(rows -> rows.get(user))
                .filter(m -> m != null && m.blocksRoom()).map(Membership::room).sorted().toList();
    }

    @Override
    public void delivered(String room, String user, long mid) {
        Membership m = rows(room).get(user);
        if (m != null) {
            m.delivered(mid);
        }
    }

    /** The committed membership row, for assertions (a NONE row if there is none). */
    Membership row(String room, String user) {
        Membership m = rows(room).get(user);
        return m == null ? Membership.none(room, user) : copy(m);
    }

    /** The committed room, for assertions. */
    Optional<Room> room(String room) {
        return Optional.ofNullable(rooms.get(room)).map(InMemoryRoomStore::copy);
    }

    private TreeMap<String, Membership> rows(String room) {
        return memberships.computeIfAbsent(room, r -> new TreeMap<>());
    }

    private static Room copy(Room r) {
        return new Room(r.node(), r.founder(), r.gtype(), r.createdAt(), r.cancelled(),
                r.bean() == null ? null : r.bean().clone());
    }

    private static Membership copy(Membership m) {
        return new Membership(m.room(), m.user(), m.state(), m.role(), m.blockedByRoom(), m.blocksRoom(),
                m.deliveredMid());
    }
}
