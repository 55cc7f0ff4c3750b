package org.parley.domain;

import java.util.Optional;

/** Where accounts are kept (sharded by node). */
public interface AccountStore {

    /** Stores a new account; false if the node is already registered. */
    boolean create(Account account);

    Optional<Account> find(String node);

    boolean exists(String node);
}
