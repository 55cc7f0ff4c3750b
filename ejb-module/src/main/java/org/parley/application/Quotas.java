package org.parley.application;

/**
 * Abuse limits shared by every node of the cluster (a user or an attacker can spread over nodes): a budget of uses
 * per key that refills over time.
 */
public interface Quotas {

    /** Whether {@code key} has no use of {@code quota} left for now; takes nothing. */
    boolean exhausted(Quota quota, String key);

    /** Takes one use of {@code quota} for {@code key}; false if none was left (nothing is taken then). */
    boolean take(Quota quota, String key);
}
