package org.parley.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.parley.domain.Relation;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.cluster.NodeLocalCache;

/**
 * The stores' node-local copies of what every message checks: the relation of a pair (by pair key) and which
 * accounts exist (only "yes" is kept: an account, once made, stays). The stores drop a relation on every node when
 * they change it.
 */
@ApplicationScoped
public class ReadCaches {

    private static final int MAX_RELATIONS = 200_000;
    private static final int MAX_ACCOUNTS = 200_000;

    @Inject
    ClusterMembers members;

    private NodeLocalCache<Relation> relations;
    private NodeLocalCache<Boolean> accounts;

    @PostConstruct
    void init() {
        relations = new NodeLocalCache<>(members.hazelcast(), "parley-relations-changed", MAX_RELATIONS);
        accounts = NodeLocalCache.local(MAX_ACCOUNTS);
    }

    @PreDestroy
    void close() {
        relations.close();
    }

    NodeLocalCache<Relation> relations() {
        return relations;
    }

    NodeLocalCache<Boolean> accounts() {
        return accounts;
    }
}
