/**
 * Where users are connected and how frames reach them. {@link org.parley.infrastructure.cluster.SessionDirectory}
 * knows the devices; {@link org.parley.infrastructure.cluster.ClusterRouter} delivers to all devices of a user and
 * reports whether any acknowledged. Cluster-wide state (tokens) lives in the Hazelcast member that every Payara
 * instance embeds, so there is no master and no extra service.
 */
package org.parley.infrastructure.cluster;
