package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * The only way stores reach a shard: each call gets an entity manager of exactly one shard, in a container-managed
 * transaction of its own or in none. Shard data sources are not XA, so one transaction must never span two shards;
 * a store that touches several shards makes one call per shard.
 */
@Stateless
public class ShardTransactions {

    @Inject
    ShardEntityManagerFactories factories;

    /**
     * Runs {@code work} in a new JTA transaction on one shard: committed when it returns, rolled back when it throws
     * a runtime exception.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public <T> T inNewTransaction(String shard, Function<EntityManager, T> work) {
        EntityManager em = factories.of(shard).createEntityManager();
        try {
            // An application-created entity manager is not tied to the container's transaction until it joins.
            em.joinTransaction();
            return work.apply(em);
        } finally {
            // A joined persistence context stays alive until the transaction completes (JPA 3.0 §7.7).
            em.close();
        }
    }

    /** Runs read-only {@code work} on one shard outside any transaction; entities are detached afterwards. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public <T> T withoutTransaction(String shard, Function<EntityManager, T> work) {
        EntityManager em = factories.of(shard).createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
