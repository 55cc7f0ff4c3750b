package org.parley.application;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;

/** Accounts in a map; {@link #register} adds users the rules can find. */
final class InMemoryAccountStore implements AccountStore {

    private final Map<String, Account> accounts = new HashMap<>();

    void register(String... nodes) {
        for (String node : nodes) {
            create(new Account(node, "hash-of-" + node, 1L));
        }
    }

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.node(), account) == null;
    }

    @Override
    public Optional<Account> find(String node) {
        return Optional.ofNullable(accounts.get(node));
    }

    @Override
    public boolean exists(String node) {
        return accounts.containsKey(node);
    }

    @Override
    public boolean updatePasswordHash(String node, String expectedHash, String newHash) {
        Account a = accounts.get(node);
        if (a == null || !a.passwordHash().equals(expectedHash)) {
            return false;
        }
        accounts.put(node, a.withPasswordHash(newHash));
        return true;
    }

    @Override
    public boolean updateBannedUntil(String node, long bannedUntil) {
        Account a = accounts.get(node);
        if (a == null) {
            return false;
        }
        accounts.put(node, a.withBan(bannedUntil));
        return true;
    }

    @Override
    public boolean deactivate(String node, long at) {
        Account a = accounts.get(node);
        if (a == null || a.deactivatedAt() != 0) {
            return false;
        }
        accounts.put(node, a.deactivated(at));
        return true;
    }
}
