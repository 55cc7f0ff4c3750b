package org.parley.application;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.parley.domain.Relation;
import org.parley.domain.RelationStore;

/** One relation per pair, as the real store keeps it: a refused transition writes nothing, an empty one is deleted. */
final class InMemoryRelationStore implements RelationStore {

    private final Map<String, Relation> pairs = new HashMap<>();

    /** Both ask: friends. */
    void befriend(String a, String b) {
        change(a, b, r -> r.requestedBy(a));
        change(a, b, r -> r.requestedBy(b));
    }

    void block(String blocker, String blocked) {
        change(blocker, blocked, r -> r.blockedBy(blocker));
    }

    @Override
    public Relation find(String userA, String userB) {
        Relation r = pairs.get(Relation.pairKey(userA, userB));
        return r != null ? r : Relation.none(userA, userB);
    }

    @Override
    public Change change(String userA, String userB, UnaryOperator<Relation> transition) {
        Relation before = find(userA, userB);
        Relation after = transition.apply(before);
        if (after.isEmpty()) {
            pairs.remove(before.pairKey());
        } else {
            pairs.put(before.pairKey(), after);
        }
        return new Change(before, after);
    }

    @Override
    public List<String> friendsOf(String user) {
        return pairs.values().stream().filter(r -> (r.low().equals(user) || r.high().equals(user)) && r.friends())
                .map(r -> r.other(user)).sorted().toList();
    }

    @Override
    public List<String> blockedBy(String user) {
        return pairs.values().stream().filter(r -> (r.low().equals(user) || r.high().equals(user)) && r.blocked(user))
                .map(r -> r.other(user)).sorted().toList();
    }
}
