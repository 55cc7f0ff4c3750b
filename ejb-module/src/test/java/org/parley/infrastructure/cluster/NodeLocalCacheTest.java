package org.parley.infrastructure.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeLocalCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        loads.incrementAndGet();
        return key + "#" + loads.get();
    }

    @Test
    void a_value_is_loaded_once_until_it_changes() {
        NodeLocalCache<String> cache = NodeLocalCache.local(10);

        assertEquals("a#1", cache.get("a", this::load));
        assertEquals("a#1", cache.get("a", this::load));
        cache.changed("a");
        assertEquals("a#2", cache.get("a", this::load));
        assertEquals(2, loads.get());
    }

    @Test
    void a_load_that_overlaps_a_change_of_its_key_is_used_but_not_kept() {
        NodeLocalCache<String> cache = NodeLocalCache.local(10);

        String during = cache.get("a", key -> {
            cache.drop("a"); // the change's notice arrives while the database is being read
            return load(key);
        });

        assertEquals("a#1", during);
        assertEquals("a#2", cache.get("a", this::load), "the overlapping load was not kept");
        assertEquals("a#2", cache.get("a", this::load));
    }

    @Test
    void nothing_is_kept_for_a_missing_value_and_a_full_copy_starts_over() {
        NodeLocalCache<String> cache = NodeLocalCache.local(2);

        assertNull(cache.get("gone", key -> null));
        assertNull(cache.get("gone", key -> {
            loads.incrementAndGet();
            return null;
        }));
        assertEquals(1, loads.get(), "the missing value was looked up again");

        cache.get("a", this::load);
        cache.get("b", this::load);
        cache.get("c", this::load); // full: emptied, then c kept
        int before = loads.get();
        cache.get("c", this::load);
        cache.get("a", this::load);
        assertEquals(before + 1, loads.get(), "c stayed, a was dropped with the rest");
    }
}
