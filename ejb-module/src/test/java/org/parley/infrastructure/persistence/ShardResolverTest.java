package org.parley.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.domain.ChatId;

class ShardResolverTest {

    @Test
    void slotsAreStableAndInRange() {
        for (int i = 0; i < 10_000; i++) {
            int slot = ShardResolver.slotOf("user" + i);
            assertTrue(slot >= 0 && slot < ShardResolver.SLOTS);
            assertEquals(slot, ShardResolver.slotOf("user" + i));
        }
    }

    @Test
    void keysSpreadEvenlyOverShards() {
        ShardResolver resolver = new ShardResolver(List.of("a", "b", "c"));
        Map<String, Integer> counts = new HashMap<>();
        int keys = 30_000;
        for (int i = 0; i < keys; i++) {
            counts.merge(resolver.shardOf("node-" + i), 1, Integer::sum);
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(Math.abs(n - keys / 3) < keys / 3 / 10, "uneven spread: " + counts));
    }

    @Test
    void bothDirectionsOfAChatLandInTheSameShard() {
        ShardResolver resolver = new ShardResolver(List.of("shard0", "shard1"));
        for (int i = 0; i < 1000; i++) {
            String a = "A" + i;
            String b = "B" + (i * 7);
            assertEquals(resolver.shardOf(ChatId.direct(a, b).value()), resolver.shardOf(ChatId.direct(b, a).value()));
        }
    }

    @Test
    void addingAShardMovesOnlyWholeSlotRanges() {
        ShardResolver two = new ShardResolver(List.of("s0", "s1"));
        ShardResolver three = new ShardResolver(List.of("s0", "s1", "s2"));
        // Keys of one slot always move together, because shards own slots, not keys.
        for (int i = 0; i < 5000; i++) {
            String k = "k" + i;
            String j = "k" + (i + 1);
            if (ShardResolver.slotOf(k) == ShardResolver.slotOf(j)) {
                assertEquals(two.shardOf(k), two.shardOf(j));
                assertEquals(three.shardOf(k), three.shardOf(j));
            }
        }
    }

    @Test
    void refusesNoShards() {
        assertThrows(IllegalArgumentException.class, () -> new ShardResolver(List.of()));
    }
}
