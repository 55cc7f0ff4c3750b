/**
 * Cluster-wide state in the Hazelcast member that every Payara instance embeds, so there is no master and no extra
 * service: the session directory (which devices are connected to which node), vrooms and their subscribers, login
 * tokens (kept as keyed hashes), abuse quotas (Bucket4j buckets), invisible users, the maintenance slot, and the
 * membership housekeeping that purges what a departed node
 * left. How frames travel between nodes is {@code org.parley.infrastructure.delivery}'s; nothing here imports it.
 */
package org.parley.infrastructure.cluster;
