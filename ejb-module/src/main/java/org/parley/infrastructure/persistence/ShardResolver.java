package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.persistence.Slots;

/**
 * Maps a key to its shard in two steps: the key hashes into one of {@value #SLOTS} fixed virtual slots
 * ({@link Slots}), and the {@link ShardMap} in force says which shard owns the slot. The map is durable and
 * versioned ({@link ShardMapSync} loads it and installs every newer version a move switches to); until then the
 * resolver answers from version 1 of the configured shards, which is what a new deployment persists.
 * <p>
 * The first configured shard is the catalog: it keeps the map and the move records.
 */
@ApplicationScoped
public class ShardResolver {

    public static final int SLOTS = Slots.COUNT;

    private List<String> configured;
    private volatile ShardMap map;
    /** False until the durable map is installed: until then {@link #map} is only derived from the configuration. */
    private boolean durable;

    protected ShardResolver() {
        // for CDI proxies
    }

    @Inject
    public ShardResolver(ParleyConfig config) {
        this(config.shards());
    }

    public ShardResolver(List<String> shards) {
        this.map = ShardMap.initial(shards);
        this.configured = List.copyOf(shards);
    }

    /** The virtual slot of a key: stable across nodes, versions and shard counts. */
    public static int slotOf(String key) {
        return Slots.of(key);
    }

    /** The shard holding the key under the map in force. */
    public String shardOf(String key) {
        return map.ownerOf(slotOf(key));
    }

    public ShardMap map() {
        return map;
    }

    /** Puts a durable map in force, unless this node already serves that version or a later one. */
    public synchronized boolean install(ShardMap newer) {
        if (durable && newer.version() <= map.version()) {
            return false;
        }
        map = newer;
        durable = true;
        return true;
    }

    /** The shard that keeps the shard map and the move records: the first configured one. */
    public String catalogShard() {
        return configured.get(0);
    }

    /**
     * Every shard a node must reach: the configured ones and any the map in force names (a shard added by an
     * admin move owns slots before it is in every node's configuration).
     */
    public Set<String> shards() {
        Set<String> all = new LinkedHashSet<>(configured);
        all.addAll(map.shards());
        return all;
    }

    /**
     * A JPQL condition that holds for the rows of {@code shard} whose slot it owns, for queries that scan every
     * shard: until a move has deleted its copies, a row exists in two shards, and only its owner's copy counts.
     * Empty when the shard owns no slot (the scan can skip it).
     *
     * @param slotPath the slot attribute in the query, such as {@code "m.slot"}
     */
    public Optional<String> ownedSlots(String shard, String slotPath) {
        List<int[]> ranges = map.rangesOf(shard);
        if (ranges.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("(");
        for (int[] r : ranges) {
            if (b.length() > 1) {
                b.append(" OR ");
            }
            // Integers from the map, not user input: safe to inline, and keeps the query plan cacheable per map.
            b.append(slotPath).append(" BETWEEN ").append(r[0]).append(" AND ").append(r[1]);
        }
        return Optional.of(b.append(')').toString());
    }
}
