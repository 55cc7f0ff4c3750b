package org.parley.infrastructure.cluster;

import com.hazelcast.map.IMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.parley.application.MaintenanceLock;

/**
 * One cluster-wide maintenance slot, so that operations which rewrite stored rows in bulk (a shard move, a key
 * rotation) never run at the same time: a rotation re-sealing rows that a move has already copied would leave the
 * copies under the old key. The holder is recorded with its member; a member that leaves loses what it held
 * ({@link #purgeMember}), so a dead node never blocks maintenance for good.
 */
@ApplicationScoped
public class HazelcastMaintenanceLock implements MaintenanceLock {

    private static final String MAP = "parley-maintenance";
    private static final String KEY = "operation";

    @Inject
    ClusterMembers members;

    /**
     * Takes the slot for {@code operation} (a short description, such as "shard move 4f2c").
     *
     * @return empty when taken; otherwise what holds it
     */
    @Override
    public Optional<String> tryAcquire(String operation) {
        String previous = map().putIfAbsent(KEY, holder(operation));
        return Optional.ofNullable(previous).map(HazelcastMaintenanceLock::operationOf);
    }

    /** Gives the slot back, if this node holds it for {@code operation}. */
    @Override
    public void release(String operation) {
        map().remove(KEY, holder(operation));
    }

    /** What holds the slot now, if anything. */
    @Override
    public Optional<String> holder() {
        return Optional.ofNullable(map().get(KEY)).map(HazelcastMaintenanceLock::operationOf);
    }

    /** Frees the slot if a member that is gone held it. */
    public void purgeMember(String member) {
        String current = map().get(KEY);
        if (current != null && current.endsWith("@" + member)) {
            map().remove(KEY, current);
        }
    }

    private String holder(String operation) {
        return operation + "@" + members.localMember();
    }

    private static String operationOf(String holder) {
        return holder.substring(0, holder.lastIndexOf('@'));
    }

    private IMap<String, String> map() {
        return members.hazelcast().getMap(MAP);
    }
}
