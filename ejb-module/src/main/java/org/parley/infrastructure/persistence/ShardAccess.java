package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.parley.application.TimFailure;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.ErrorCode;

/**
 * How stores reach their data: by shard key, never by shard name. A write passes the {@link SlotGate} first and
 * resolves its shard only then, so a write never lands in a shard that a move has just switched away from; it
 * leaves the gate after its transaction committed. Reads go to the owner under the map in force. Scans over every
 * shard see only rows whose slot the shard owns ({@link ShardResolver#ownedSlots}).
 */
@ApplicationScoped
public class ShardAccess {

    @Inject
    ShardResolver resolver;

    @Inject
    ShardTransactions tx;

    @Inject
    SlotGate gate;

    @Inject
    ParleyConfig config;

    /** Runs {@code work} in a transaction of its own on the shard of {@code key}. */
    public <T> T write(String key, Function<EntityManager, T> work) {
        int slot = ShardResolver.slotOf(key);
        try (SlotGate.Pass pass = enter(new int[] {slot})) {
            return tx.inNewTransaction(resolver.map().ownerOf(slot), work);
        }
    }

    /**
     * Writes items whose keys may lie in several shards: one transaction per shard, each with that shard's items.
     * The shards commit independently (they are not XA), so {@code work} must be fine with a partial outcome.
     */
    public <K> void writeEach(Collection<K> items, Function<K, String> keyOf, BiConsumer<EntityManager, List<K>> work) {
        int[] slots = items.stream().mapToInt(item -> ShardResolver.slotOf(keyOf.apply(item))).toArray();
        try (SlotGate.Pass pass = enter(slots)) {
            byShard(items, slots).forEach((shard, mine) -> tx.inNewTransaction(shard, em -> {
                work.accept(em, mine);
                return null;
            }));
        }
    }

    /**
     * Writes items whose keys all lie in one shard, in one transaction: all of them or none. If the map moved some
     * of them elsewhere meanwhile, nothing is written and {@link IllegalStateException} says so.
     */
    public <K> void writeTogether(Collection<K> items, Function<K, String> keyOf, BiConsumer<EntityManager, List<K>> work) {
        int[] slots = items.stream().mapToInt(item -> ShardResolver.slotOf(keyOf.apply(item))).toArray();
        try (SlotGate.Pass pass = enter(slots)) {
            Map<String, List<K>> byShard = byShard(items, slots);
            if (byShard.size() != 1) {
                throw new IllegalStateException("items span " + byShard.size() + " shards");
            }
            byShard.forEach((shard, mine) -> tx.inNewTransaction(shard, em -> {
                work.accept(em, mine);
                return null;
            }));
        }
    }

    /** Reads items whose keys may lie in several shards: one query per shard, with that shard's items. */
    public <K, T> List<T> readEach(Collection<K> items, Function<K, String> keyOf,
            BiFunction<EntityManager, List<K>, List<T>> query) {
        int[] slots = items.stream().mapToInt(item -> ShardResolver.slotOf(keyOf.apply(item))).toArray();
        List<T> all = new ArrayList<>();
        byShard(items, slots).forEach((shard, mine) -> all.addAll(tx.withoutTransaction(shard, em -> query.apply(em, mine))));
        return all;
    }

    private <K> Map<String, List<K>> byShard(Collection<K> items, int[] slots) {
        ShardMap map = resolver.map();
        Map<String, List<K>> byShard = new LinkedHashMap<>();
        int i = 0;
        for (K item : items) {
            byShard.computeIfAbsent(map.ownerOf(slots[i++]), s -> new ArrayList<>()).add(item);
        }
        return byShard;
    }

    /** The shard that owns {@code key} now. */
    public String shardOf(String key) {
        return resolver.shardOf(key);
    }

    /** Runs read-only {@code work} on the shard of {@code key}, outside any transaction. */
    public <T> T read(String key, Function<EntityManager, T> work) {
        return tx.withoutTransaction(resolver.shardOf(key), work);
    }

    /**
     * Runs a read-only query on every shard that owns slots and concatenates the results. The query gets the JPQL
     * condition selecting the rows the shard owns, to AND into its WHERE clause for its slot attribute
     * {@code slotPath}.
     */
    public <T> List<T> scan(String slotPath, BiFunction<EntityManager, String, List<T>> query) {
        List<T> all = new ArrayList<>();
        for (String shard : resolver.shards()) {
            resolver.ownedSlots(shard, slotPath).ifPresent(owned ->
                    all.addAll(tx.withoutTransaction(shard, em -> query.apply(em, owned))));
        }
        return all;
    }

    private SlotGate.Pass enter(int[] slots) {
        try {
            return gate.enter(slots, config.freezeWait());
        } catch (SlotGate.FrozenTooLong e) {
            // The move holding the slot is slow or stuck; the client may retry (tim's "heavy server load").
            throw new TimFailure(ErrorCode.HEAVY_LOAD);
        }
    }
}
