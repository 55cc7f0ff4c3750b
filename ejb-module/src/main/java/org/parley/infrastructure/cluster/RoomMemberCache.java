package org.parley.infrastructure.cluster;

import com.hazelcast.topic.ITopic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each node's copy of room member lists, so a message to a 10,000-member room does not read 10,000 rows. A change
 * of membership anywhere drops the copy on every node (a cluster-wide topic); the next message reloads it.
 */
@ApplicationScoped
public class RoomMemberCache {

    @Inject
    ClusterMembers members;

    private final Map<String, List<String>> byRoom = new ConcurrentHashMap<>();
    private ITopic<String> invalidations;
    private UUID listener;

    @PostConstruct
    void init() {
        invalidations = members.hazelcast().getTopic("parley-room-members");
        listener = invalidations.addMessageListener(m -> byRoom.remove(m.getMessageObject()));
    }

    @PreDestroy
    void close() {
        invalidations.removeMessageListener(listener);
    }

    public List<String> members(String room, Supplier<List<String>> load) {
        return byRoom.computeIfAbsent(room, r -> List.copyOf(load.get()));
    }

    /** Call after a membership change committed. */
    public void invalidate(String room) {
        byRoom.remove(room);
        invalidations.publish(room);
    }
}
