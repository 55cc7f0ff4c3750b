package org.parley.infrastructure.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * A node's copy of values read from the shards, dropped on every node when a node says one changed (a Hazelcast
 * topic), so hot checks (may these two talk, does this account exist, who is in this room) read the database once
 * instead of per message. Cluster-wide it is eventually consistent: another node drops its copy when the change's
 * notice arrives, a few milliseconds after the change committed; the changing node drops its own at once.
 *
 * <p>A load that overlaps a change of its key is used but not kept: the change's notice may have arrived before the
 * load read the database, and keeping the value would pin the old one until the next change. Past
 * {@code maxEntries} the copy is simply emptied (it refills from use).
 *
 * @param <V> the cached value; a load returning null is not kept
 */
public final class NodeLocalCache<V> {

    private static final int STRIPES = 256;

    private final Map<String, V> values = new ConcurrentHashMap<>();
    /** Changes per stripe of keys, so a load can tell whether its key changed while it ran. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
    private final int maxEntries;
    private final ITopic<String> notices;
    private final UUID listener;

    /** @param topic the topic on which nodes announce changed keys; every node uses the same name */
    public NodeLocalCache(HazelcastInstance hazelcast, String topic, int maxEntries) {
        this.maxEntries = maxEntries;
        this.notices = hazelcast == null ? null : hazelcast.getTopic(topic);
        this.listener = notices == null ? null : notices.addMessageListener(m -> drop(m.getMessageObject()));
    }

    /** A copy kept on this node only (tests, and values that never change elsewhere). */
    public static <V> NodeLocalCache<V> local(int maxEntries) {
        return new NodeLocalCache<>(null, null, maxEntries);
    }

    public V get(String key, Function<String, V> load) {
        V cached = values.get(key);
        if (cached != null) {
            return cached;
        }
        int stripe = stripe(key);
        long before = changes.get(stripe);
        V loaded = load.apply(key);
        if (loaded != null && changes.get(stripe) == before) {
            if (values.size() >= maxEntries) {
                values.clear();
            }
            values.putIfAbsent(key, loaded);
        }
        return loaded;
    }

    /** The value of {@code key} changed (call after the change committed): every node drops its copy. */
    public void changed(String key) {
        drop(key);
        if (notices != null) {
            notices.publish(key);
        }
    }

    /** Forgets the key on this node, as a notice from another node does. */
    public void drop(String key) {
        changes.incrementAndGet(stripe(key));
        values.remove(key);
    }

    public void close() {
        if (notices != null) {
            notices.removeMessageListener(listener);
        }
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }
}
