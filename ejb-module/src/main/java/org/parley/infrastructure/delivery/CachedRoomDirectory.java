package org.parley.infrastructure.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.parley.application.RoomDirectory;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.cluster.NodeLocalCache;

/**
 * Each node's copy of the rooms it sends to or holds members of: alive or not, and the member set. A change
 * anywhere drops the copy on every node and the next message reloads it, once. Missing rooms are not kept: anybody
 * can name rooms that do not exist.
 */
@ApplicationScoped
public class CachedRoomDirectory implements RoomDirectory {

    /** Rooms kept per node; a 10,000-member room is about a megabyte. */
    private static final int MAX_ROOMS = 10_000;

    @Inject
    RoomStore rooms;

    @Inject
    ClusterMembers members;

    private NodeLocalCache<View> views;

    @PostConstruct
    void init() {
        views = new NodeLocalCache<>(members.hazelcast(), "parley-room-members", MAX_ROOMS);
    }

    @PreDestroy
    void close() {
        views.close();
    }

    @Override
    public View view(String room) {
        View view = views.get(room, this::load);
        return view == null ? View.MISSING : view;
    }

    @Override
    public void changed(String room) {
        views.changed(room);
    }

    private View load(String room) {
        Room found = rooms.find(room).orElse(null);
        return found == null ? null : new View(!found.cancelled(), Set.copyOf(rooms.members(room)));
    }
}
