package org.parley.infrastructure.delivery;

import com.hazelcast.topic.ITopic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.parley.application.RoomDirectory;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;
import org.parley.infrastructure.cluster.ClusterMembers;

/**
 * Each node's copy of the rooms it sends to or holds members of: alive or not, and the member set. A change
 * anywhere drops the copy on every node (a cluster-wide topic) and the next message reloads it, once.
 *
 * <p>A load that overlaps a change of the same room is used but not kept: the change's invalidation may have
 * arrived before the load read the database, and keeping it would pin the old members until the next change.
 */
@ApplicationScoped
public class CachedRoomDirectory implements RoomDirectory {

    private static final int STRIPES = 256;

    @Inject
    RoomStore rooms;

    @Inject
    ClusterMembers members;

    private final Map<String, View> views = new ConcurrentHashMap<>();
    /** Invalidations per stripe of rooms, so a load can tell whether its room changed while it ran. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    private ITopic<String> invalidations;
    private UUID listener;

    @PostConstruct
    void init() {
        invalidations = members.hazelcast().getTopic("parley-room-members");
        listener = invalidations.addMessageListener(m -> drop(m.getMessageObject()));
    }

    @PreDestroy
    void close() {
        invalidations.removeMessageListener(listener);
    }

    @Override
    public View view(String room) {
        View cached = views.get(room);
        if (cached != null) {
            return cached;
        }
        int stripe = stripe(room);
        long before = changes.get(stripe);
        View loaded = load(room);
        // A missing room is not kept: anybody can name rooms that do not exist.
        if (loaded != View.MISSING && changes.get(stripe) == before) {
            views.putIfAbsent(room, loaded);
        }
        return loaded;
    }

    @Override
    public void changed(String room) {
        drop(room);
        invalidations.publish(room);
    }

    /** Forgets the room here (package-private for tests: what an invalidation from any node does). */
    void drop(String room) {
        changes.incrementAndGet(stripe(room));
        views.remove(room);
    }

    private View load(String room) {
        Room found = rooms.find(room).orElse(null);
        if (found == null) {
            return View.MISSING;
        }
        return new View(!found.cancelled(), Set.copyOf(rooms.members(room)));
    }

    private static int stripe(String room) {
        return Math.floorMod(room.hashCode(), STRIPES);
    }
}
