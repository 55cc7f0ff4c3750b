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
     * Sets until when the account is banned ({@link Account#bannedUntil}), leaving everything else as it is now, so a
     * deactivation meanwhile is not undone.
     *
     * @return false if there is no such account
     */
    boolean updateBannedUntil(String node, long bannedUntil);

    /**
     * Deactivates the account at {@code at} ({@link Account#deactivatedAt}) unless it is deactivated already.
     *
     * @return false if there is no such account or it was deactivated already
     */
    boolean deactivate(String node, long at);
}
