package org.parley.persistence;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The fixed space of virtual slots that shard keys hash into. The slot of a key never changes: growing the storage
 * moves whole slots between databases, never re-hashes keys. Changing {@link #COUNT} or the hash would orphan every
 * stored row, so both are part of the storage format.
 */
public final class Slots {

    public static final int COUNT = 4096;

    private Slots() {
    }

    /** The slot of a shard key: the same on every node and in every version. */
    public static int of(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % COUNT);
    }
}
