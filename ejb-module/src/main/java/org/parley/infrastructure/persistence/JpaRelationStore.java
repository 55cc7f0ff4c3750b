package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.parley.domain.EpochNanos;
import org.parley.domain.Relation;
import org.parley.domain.RelationStore;
import org.parley.persistence.RelationEntity;
import org.parley.persistence.Slots;

/** Relations in the shard of their pair key; lists by user read every shard through the node indexes. */
@ApplicationScoped // not an EJB: called on every message; its transactions are ShardTransactions', one per shard
public class JpaRelationStore implements RelationStore {

    @Inject
    ShardAccess shards;

    @Inject
    ReadCaches caches;

    @Override
    public Relation find(String userA, String userB) {
        String key = Relation.pairKey(userA, userB);
        return caches.relations().get(key, k -> {
            RelationEntity e = shards.read(k, em -> em.find(RelationEntity.class, k));
            return e == null ? Relation.none(userA, userB) : toRelation(e);
        });
    }

    @Override
    public Change change(String userA, String userB, UnaryOperator<Relation> transition) {
        Relation none = Relation.none(userA, userB);
        String key = none.pairKey();
        try {
            return changeRow(key, none, transition);
        } finally {
            // Also after a failed change: its transaction may have committed before the failure was seen.
            caches.relations().changed(key);
        }
    }

    private Change changeRow(String key, Relation none, UnaryOperator<Relation> transition) {
        return shards.write(key, em -> {
            // The row lock makes concurrent changes of one pair (from any node) happen one after the other.
            RelationEntity row = em.find(RelationEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            Relation before = row == null ? none : toRelation(row);
            Relation after = transition.apply(before);
            if (after.equals(before)) {
                return new Change(before, after);
            }
            if (after.isEmpty()) {
                if (row != null) {
                    em.remove(row);
                }
                return new Change(before, after);
            }
            if (row == null) {
                // First change of the pair. A concurrent first writer makes this insert fail; the caller retries.
                row = new RelationEntity(Slots.of(key), key, after.low(), after.high());
                em.persist(row);
            }
            row.set(after.lowRequested(), after.highRequested(), after.lowBlocked(), after.highBlocked(), EpochNanos.now());
            em.flush();
            return new Change(before, after);
        });
    }

    @Override
    public List<String> friendsOf(String user) {
        return others(user,
                "SELECT r FROM RelationEntity r WHERE r.lowNode = :u AND r.lowRequested = TRUE AND r.highRequested = TRUE",
                "SELECT r FROM RelationEntity r WHERE r.highNode = :u AND r.lowRequested = TRUE AND r.highRequested = TRUE");
    }

    @Override
    public List<String> blockedBy(String user) {
        return others(user,
                "SELECT r FROM RelationEntity r WHERE r.lowNode = :u AND r.lowBlocked = TRUE",
                "SELECT r FROM RelationEntity r WHERE r.highNode = :u AND r.highBlocked = TRUE");
    }

    /** The other users of the rows matched by the two queries (one per side, each on an indexed column). */
    private List<String> others(String user, String asLow, String asHigh) {
        List<String> nodes = shards.scan("r.slot", (em, owned) -> {
            List<String> found = new ArrayList<>();
            for (String jpql : List.of(asLow, asHigh)) {
                em.createQuery(jpql + " AND " + owned, RelationEntity.class).setParameter("u", user).getResultList()
                        .forEach(r -> found.add(r.getLowNode().equals(user) ? r.getHighNode() : r.getLowNode()));
            }
            return found;
        });
        nodes.sort(null);
        return nodes;
    }

    private static Relation toRelation(RelationEntity e) {
        return new Relation(e.getLowNode(), e.getHighNode(), e.isLowRequested(), e.isHighRequested(),
                e.isLowBlocked(), e.isHighBlocked());
    }
}
