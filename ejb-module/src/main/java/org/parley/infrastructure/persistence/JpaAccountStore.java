package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;
import org.parley.persistence.AccountEntity;

/** Accounts in the shard of their node. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JpaAccountStore implements AccountStore {

    @Inject
    ShardEntityManagers shards;

    @Inject
    ShardTransactions tx;

    @Override
    public boolean create(Account account) {
        EntityManager em = shards.forKey(account.node());
        return tx.inNewTransaction(() -> {
            if (em.find(AccountEntity.class, account.node()) != null) {
                return false;
            }
            em.persist(new AccountEntity(account.node(), account.passwordHash(), account.createdAt()));
            return true;
        });
    }

    @Override
    public Optional<Account> find(String node) {
        AccountEntity e = shards.forKey(node).find(AccountEntity.class, node);
        return Optional.ofNullable(e).map(a -> new Account(a.getNode(), a.getPasswordHash(), a.getCreatedAt()));
    }

    @Override
    public boolean exists(String node) {
        return shards.forKey(node).find(AccountEntity.class, node) != null;
    }

    @Override
    public boolean updatePasswordHash(String node, String expectedHash, String newHash) {
        EntityManager em = shards.forKey(node);
        return tx.inNewTransaction(() -> em.createQuery(
                        "UPDATE AccountEntity a SET a.passwordHash = :new WHERE a.node = :node AND a.passwordHash = :old")
                .setParameter("new", newHash)
                .setParameter("node", node)
                .setParameter("old", expectedHash)
                .executeUpdate() == 1);
    }
}
