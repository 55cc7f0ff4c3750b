package org.parley.domain;

import java.util.Optional;

/** Where accounts are kept (sharded by node). */
public interface AccountStore {

    /** Stores a new account; false if the node is already registered. */
    boolean create(Account account);

    Optional<Account> find(String node);

    boolean exists(String node);

    /**
     * Replaces the password hash of an account if it still is {@code expectedHash}, so of two concurrent changes
     * checked against the same old password only one succeeds.
     *
     * @return false if there is no such account or its hash has changed meanwhile
     */
    boolean updatePasswordHash(String node, String expectedHash, String newHash);

    /**
     * Stores an operator's ban or deactivation ({@link Account#bannedUntil}, {@link Account#deactivatedAt}).
     *
     * @return false if there is no such account
     */
    boolean updateStanding(String node, long bannedUntil, long deactivatedAt);
}
