package org.parley.infrastructure.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster as Parley sees it: the Hazelcast member embedded in this Payara instance (Payara's Domain Data Grid)
 * and its peers. Members are equal; none is a master.
 */
@ApplicationScoped
public class ClusterMembers {

    @Inject
    HazelcastInstance hazelcast;

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public String localMember() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    public Set<String> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(Member::getUuid)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    /** host:port of each member's cluster endpoint, by member id. */
    public Map<String, String> addresses() {
        return hazelcast.getCluster().getMembers().stream()
                .collect(Collectors.toMap(m -> m.getUuid().toString(), m -> m.getAddress().toString()));
    }
}
