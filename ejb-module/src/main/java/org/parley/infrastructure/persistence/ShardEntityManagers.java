package org.parley.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The container-managed entity manager of each shard's persistence unit, by unit name. Units are declared in
 * persistence.xml; {@code parley.shards} chooses which of them are in use.
 */
@ApplicationScoped
public class ShardEntityManagers {

    @PersistenceContext(unitName = "shard0")
    EntityManager shard0;

    @PersistenceContext(unitName = "shard1")
    EntityManager shard1;

    @Inject
    ShardResolver resolver;

    private final Map<String, EntityManager> byUnit = new HashMap<>();

    @PostConstruct
    void init() {
        byUnit.put("shard0", shard0);
        byUnit.put("shard1", shard1);
        for (String unit : resolver.shards()) {
            if (!byUnit.containsKey(unit)) {
                throw new IllegalStateException("parley.shards names " + unit + ", which has no persistence unit");
            }
        }
    }

    /** The units in use, in slot-range order. */
    public java.util.List<String> units() {
        return resolver.shards();
    }

    public String unitOf(String key) {
        return resolver.shardOf(key);
    }

    public EntityManager of(String unit) {
        return byUnit.get(unit);
    }

    /** The entity manager of the shard holding {@code key}. */
    public EntityManager forKey(String key) {
        return byUnit.get(resolver.shardOf(key));
    }
}
