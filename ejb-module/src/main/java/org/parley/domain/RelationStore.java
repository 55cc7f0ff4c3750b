package org.parley.domain;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where relations between users are kept: one record per pair, in the shard of {@link Relation#pairKey}. Lists
 * (a user's friends, whom a user blocked) are read over every shard.
 */
public interface RelationStore {

    /** The pair's relation; {@link Relation#none} if they never dealt with each other. */
    Relation find(String userA, String userB);

    /**
     * Reads the pair's relation with a write lock, applies {@code transition} and stores the result, all in one
     * transaction of one shard, so concurrent changes to the same pair happen one after the other. The transition
     * may throw to refuse the change; nothing is then written. A relation that becomes empty is deleted.
     *
     * @return the relation before and after
     */
    Change change(String userA, String userB, UnaryOperator<Relation> transition);

    /** Users who are friends with {@code user}, in node order. */
    List<String> friendsOf(String user);

    /** Users whom {@code user} has blocked, in node order. */
    List<String> blockedBy(String user);

    record Change(Relation before, Relation after) {
    }
}
