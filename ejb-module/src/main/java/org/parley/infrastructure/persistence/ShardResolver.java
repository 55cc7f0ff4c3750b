package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Maps a key to its shard in two steps: the key hashes into one of {@value #SLOTS} fixed virtual slots, and
 * contiguous slot ranges belong to the configured shards. The slot of a key never changes, so growing the cluster
 * means moving whole slots between databases, never re-hashing keys. Today the ranges follow from the order of
 * {@code parley.shards}; the slot-to-shard map is the seam where a durable, versioned map goes.
 */
@ApplicationScoped
public class ShardResolver {

    public static final int SLOTS = 4096;

    private List<String> shards;

    protected ShardResolver() {
        // for CDI proxies
    }

    @Inject
    public ShardResolver(ParleyConfig config) {
        this(config.shards());
    }

    public ShardResolver(List<String> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard is required");
        }
        this.shards = List.copyOf(shards);
    }

    /** The virtual slot of a key: stable across nodes, versions and shard counts. */
    public static int slotOf(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % SLOTS);
    }

    /** The shard holding the key. */
    public String shardOf(String key) {
        return shards.get(slotOf(key) * shards.size() / SLOTS);
    }

    public List<String> shards() {
        return shards;
    }
}
