package org.parley.application;

import java.util.List;
import java.util.Optional;

/**
 * The stored records whose values are sealed by {@link AtRestCipher}, as a key rotation walks them: shard by shard,
 * in key order, a batch per transaction.
 */
public interface SealedRecords {

    /** Every shard, in a fixed order. */
    List<String> shards();

    /**
     * In one transaction on {@code shard}: re-seals under the active key those of the next {@code limit} records
     * after {@code after} whose values name another key.
     *
     * @param after the {@link Batch#last()} of the previous batch of this shard, or empty to start at its beginning
     */
    Batch resealNext(String shard, Optional<String> after, int limit);

    /**
     * @param examined   records looked at; fewer than the limit means the shard is done
     * @param resealed   records now sealed under the active key that were not before
     * @param unreadable records whose value did not open (a key not configured here, or a damaged value): left as
     *                   they are and counted, never fatal
     * @param last       position of the last record examined, where the next batch starts
     */
    record Batch(int examined, int resealed, int unreadable, Optional<String> last) {
    }
}
