package org.parley.application;

import java.util.Optional;

/**
 * One cluster-wide maintenance slot, so that operations which rewrite stored rows in bulk (a shard move, a key
 * rotation) never run at the same time. A node that leaves the cluster loses what it held.
 */
public interface MaintenanceLock {

    /**
     * Takes the slot for {@code operation} (a short description, such as "shard move 4f2c").
     *
     * @return empty when taken; otherwise what holds it
     */
    Optional<String> tryAcquire(String operation);

    /** Gives the slot back, if this node holds it for {@code operation}. */
    void release(String operation);

    /** What holds the slot now, if anything. */
    Optional<String> holder();
}
