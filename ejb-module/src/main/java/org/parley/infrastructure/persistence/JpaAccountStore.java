package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;
import org.parley.persistence.AccountEntity;
import org.parley.persistence.Slots;

/** Accounts in the shard of their node. */
@ApplicationScoped // not an EJB: called on every message; its transactions are ShardTransactions', one per shard
public class JpaAccountStore implements AccountStore {

    @Inject
    ShardAccess shards;

    @Inject
    ReadCaches caches;

    @Override
    public boolean create(Account account) {
        return shards.write(account.node(), em -> {
            if (em.find(AccountEntity.class, account.node()) != null) {
                return false;
            }
            AccountEntity row = new AccountEntity(Slots.of(account.node()), account.node(), account.passwordHash(),
                    account.createdAt());
            row.setBannedUntil(account.bannedUntil());
            row.setDeactivatedAt(account.deactivatedAt());
            em.persist(row);
            return true;
        });
    }

    @Override
    public Optional<Account> find(String node) {
        return shards.read(node, em -> Optional.ofNullable(em.find(AccountEntity.class, node))
                .map(a -> new Account(a.getNode(), a.getPasswordHash(), a.getCreatedAt(), a.getBannedUntil(),
                        a.getDeactivatedAt())));
    }

    @Override
    public boolean exists(String node) {
        // Only "yes" is kept: an account that exists now exists later (there is no deletion).
        return caches.accounts().get(node, n -> shards.read(n, em -> em.find(AccountEntity.class, n) != null) ? Boolean.TRUE : null)
                != null;
    }

    @Override
    public boolean updatePasswordHash(String node, String expectedHash, String newHash) {
        return shards.write(node, em -> em.createQuery(
                        "UPDATE AccountEntity a SET a.passwordHash = :new WHERE a.node = :node AND a.passwordHash = :old")
                .setParameter("new", newHash)
                .setParameter("node", node)
                .setParameter("old", expectedHash)
                .executeUpdate() == 1);
    }

    /** One column per statement: a ban and a deactivation at the same time both stay. */
    @Override
    public boolean updateBannedUntil(String node, long bannedUntil) {
        return shards.write(node, em -> em.createQuery("UPDATE AccountEntity a SET a.bannedUntil = :until WHERE a.node = :node")
                .setParameter("until", bannedUntil)
                .setParameter("node", node)
                .executeUpdate() == 1);
    }

    @Override
    public boolean deactivate(String node, long at) {
        return shards.write(node, em -> em.createQuery("UPDATE AccountEntity a SET a.deactivatedAt = :at"
                        + " WHERE a.node = :node AND (a.deactivatedAt IS NULL OR a.deactivatedAt = 0)")
                .setParameter("at", at)
                .setParameter("node", node)
                .executeUpdate() == 1);
    }
}
