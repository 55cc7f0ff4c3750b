package org.parley.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardMapTest {

    @Test
    void theInitialMapSplitsTheSlotsEvenlyInConfigurationOrder() {
        ShardMap map = ShardMap.initial(List.of("a", "b"));
        assertEquals(1, map.version());
        assertEquals("0-2047=a,2048-4095=b", map.encoded());
        assertEquals("a", map.ownerOf(0));
        assertEquals("b", map.ownerOf(4095));
    }

    @Test
    void theEncodedFormReadsBackToTheSameMap() {
        ShardMap moved = ShardMap.initial(List.of("a", "b", "c")).with(100, 199, slot -> "d");
        ShardMap read = ShardMap.parse(moved.version(), moved.encoded());
        assertEquals(moved.encoded(), read.encoded());
        for (int slot = 0; slot < ShardResolver.SLOTS; slot++) {
            assertEquals(moved.ownerOf(slot), read.ownerOf(slot));
        }
    }

    @Test
    void aChangeMakesTheNextVersionAndTouchesOnlyItsRange() {
        ShardMap v1 = ShardMap.initial(List.of("a", "b"));
        ShardMap v2 = v1.with(10, 19, slot -> slot % 2 == 0 ? "c" : "d");
        assertEquals(2, v2.version());
        assertEquals("a", v1.ownerOf(10), "the old version is unchanged");
        assertEquals("c", v2.ownerOf(10));
        assertEquals("d", v2.ownerOf(11));
        assertEquals("a", v2.ownerOf(9));
        assertEquals("a", v2.ownerOf(20));
        assertEquals(Set.of("a", "b", "c", "d"), v2.shards());
        assertEquals(5, v2.rangesOf("c").size());
        assertTrue(v2.rangesOf("nobody").isEmpty());
    }

    @Test
    void incompleteOrOverlappingMapsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShardMap.parse(2, "0-4094=a"));
        assertThrows(IllegalArgumentException.class, () -> ShardMap.parse(2, "0-4095=a,10-20=b"));
        assertThrows(IllegalArgumentException.class, () -> ShardMap.parse(2, "0-4096=a"));
        assertThrows(IllegalArgumentException.class, () -> ShardMap.parse(2, "garbage"));
        assertThrows(IllegalArgumentException.class, () -> ShardMap.initial(List.of("a")).with(5, 4, s -> "b"));
    }

    @Test
    void ownedSlotsSelectExactlyTheRangesOfAShard() {
        ShardResolver resolver = new ShardResolver(List.of("a", "b"));
        resolver.install(resolver.map().with(0, 9, slot -> "c"));
        assertEquals("(s BETWEEN 10 AND 2047)", resolver.ownedSlots("a", "s").orElseThrow());
        assertEquals("(s BETWEEN 0 AND 9)", resolver.ownedSlots("c", "s").orElseThrow());
        assertTrue(resolver.ownedSlots("d", "s").isEmpty());
        assertEquals(Set.of("a", "b", "c"), resolver.shards());
    }

    @Test
    void aNodeNeverGoesBackToAnOlderDurableVersion() {
        ShardResolver resolver = new ShardResolver(List.of("a", "b"));
        ShardMap v1 = ShardMap.initial(List.of("a", "b"));
        ShardMap v2 = v1.with(0, 0, slot -> "b");
        assertTrue(resolver.install(v2));
        assertTrue(!resolver.install(v1));
        assertEquals("b", resolver.shardOf(keyInSlot(0)));
    }

    @Test
    void theDurableMapReplacesTheOneDerivedFromConfigurationEvenAtTheSameVersion() {
        // A third shard appended to parley.shards must not take slots from the map the deployment already has.
        ShardResolver resolver = new ShardResolver(List.of("a", "b", "c"));
        assertTrue(resolver.install(ShardMap.initial(List.of("a", "b"))));
        assertTrue(resolver.ownedSlots("c", "s").isEmpty());
        assertEquals(Set.of("a", "b", "c"), resolver.shards(), "configured shards stay reachable");
    }

    private static String keyInSlot(int slot) {
        for (int i = 0; ; i++) {
            if (ShardResolver.slotOf("k" + i) == slot) {
                return "k" + i;
            }
        }
    }
}
