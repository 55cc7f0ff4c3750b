package org.parley.infrastructure.persistence;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.parley.persistence.ShardMapEntity;
import org.parley.persistence.ShardMoveEntity;

/**
 * The durable shard map and move records, in the catalog shard ({@link ShardResolver#catalogShard()}). Map versions
 * are inserted, never updated: two nodes racing to write the same version cannot both succeed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShardMapStore {

    @Inject
    ShardResolver resolver;

    @Inject
    ShardTransactions tx;

    /** The newest version, if any was ever written. */
    public Optional<ShardMap> latest() {
        return tx.withoutTransaction(resolver.catalogShard(), em -> em.createQuery(
                        "SELECT m FROM ShardMapEntity m ORDER BY m.version DESC", ShardMapEntity.class)
                .setMaxResults(1)
                .getResultList().stream().findFirst()
                .map(m -> ShardMap.parse(m.getVersion(), m.getRanges())));
    }

    /** The given version, if it was written. */
    public Optional<ShardMap> version(long version) {
        return tx.withoutTransaction(resolver.catalogShard(), em -> Optional.ofNullable(
                em.find(ShardMapEntity.class, version)).map(m -> ShardMap.parse(m.getVersion(), m.getRanges())));
    }

    /** One durable map version, as the operator sees it. */
    public record MapVersion(long version, String reason, long createdAt, String ranges) {
    }

    /** Every version, newest first. */
    public List<MapVersion> history() {
        return tx.withoutTransaction(resolver.catalogShard(), em -> em.createQuery(
                        "SELECT m FROM ShardMapEntity m ORDER BY m.version DESC", ShardMapEntity.class)
                .getResultList().stream()
                .map(m -> new MapVersion(m.getVersion(), m.getReason(), m.getCreatedAt(), m.getRanges())).toList());
    }

    /**
     * The newest version, or {@code initial} written as the first one when there is none (a new deployment). Nodes
     * starting together may race here; the loser reads the winner's version.
     */
    public ShardMap loadOrCreate(ShardMap initial) {
        Optional<ShardMap> existing = latest();
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            save(initial, "initial");
            return initial;
        } catch (PersistenceException | EJBException e) {
            return latest().orElseThrow(() -> e);
        }
    }

    /** Writes {@code map} as a new version; fails if that version exists already. */
    public void save(ShardMap map, String reason) {
        tx.inNewTransaction(resolver.catalogShard(), em -> {
            em.persist(new ShardMapEntity(map.version(), map.encoded(), System.currentTimeMillis(), reason));
            em.flush();
            return null;
        });
    }

    public void createMove(ShardMoveEntity move) {
        tx.inNewTransaction(resolver.catalogShard(), em -> {
            em.persist(move);
            return null;
        });
    }

    public Optional<ShardMoveEntity> move(String id) {
        return tx.withoutTransaction(resolver.catalogShard(), em -> Optional.ofNullable(em.find(ShardMoveEntity.class, id)));
    }

    /** Every move, newest first. */
    public List<ShardMoveEntity> moves() {
        return tx.withoutTransaction(resolver.catalogShard(), em -> em.createQuery(
                "SELECT m FROM ShardMoveEntity m ORDER BY m.startedAt DESC", ShardMoveEntity.class).getResultList());
    }

    /** Applies {@code change} to the move record under a row lock and returns the changed record. */
    public ShardMoveEntity updateMove(String id, Consumer<ShardMoveEntity> change) {
        return tx.inNewTransaction(resolver.catalogShard(), em -> {
            ShardMoveEntity m = em.find(ShardMoveEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (m == null) {
                throw new IllegalArgumentException("no shard move " + id);
            }
            change.accept(m);
            return m;
        });
    }
}
