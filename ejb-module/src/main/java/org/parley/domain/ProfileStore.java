package org.parley.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Users' profiles, in the shard of each user's node. A profile is an opaque value (the encoded profile as the
 * application defines it), so it can be encrypted at rest as one value; the store never looks into it.
 */
public interface ProfileStore {

    Optional<byte[]> find(String userNode);

    /** The profiles of those of {@code userNodes} who have one. */
    Map<String, byte[]> findAll(Collection<String> userNodes);

    /**
     * Replaces a user's profile with {@code change} applied to the current one ({@code null} when there is none),
     * in one transaction that holds a write lock on it, so concurrent changes do not overwrite each other.
     */
    void update(String userNode, UnaryOperator<byte[]> change);
}
