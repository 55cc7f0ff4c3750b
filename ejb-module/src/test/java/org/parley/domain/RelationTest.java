package org.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RelationTest {

    private static final String A = "Aaaa";
    private static final String B = "Bbbb";

    @Test
    void thePairIsTheSameWhoeverAsks() {
        assertEquals(Relation.none(A, B), Relation.none(B, A));
        assertEquals(Relation.pairKey(A, B), Relation.pairKey(B, A));
        assertEquals("p:" + A + ":" + B, Relation.none(B, A).pairKey());
        assertTrue(Relation.none(A, B).isEmpty());
    }

    @Test
    void friendsWhenBothAskedInEitherOrder() {
        Relation requested = Relation.none(A, B).requestedBy(B);
        assertTrue(requested.requested(B));
        assertFalse(requested.requested(A));
        assertFalse(requested.friends());
        assertTrue(requested.requestedBy(A).friends());
        assertTrue(Relation.none(B, A).requestedBy(A).requestedBy(B).friends());
    }

    @Test
    void removingEndsFriendshipBothWaysAndLiftsOnlyTheRemoversBlock() {
        Relation friends = Relation.none(A, B).requestedBy(A).requestedBy(B);
        Relation removed = friends.removedBy(B);
        assertTrue(removed.isEmpty());

        Relation bothBlocked = Relation.none(A, B).blockedBy(A).blockedBy(B);
        Relation aLifted = bothBlocked.removedBy(A);
        assertFalse(aLifted.blocked(A));
        assertTrue(aLifted.blocked(B), "the other side's block is theirs to lift");
        assertTrue(aLifted.blockedEitherWay());
    }

    @Test
    void blockingEndsFriendshipAndIsPerSide() {
        Relation blocked = Relation.none(A, B).requestedBy(A).requestedBy(B).blockedBy(B);
        assertFalse(blocked.friends());
        assertFalse(blocked.requested(A));
        assertTrue(blocked.blocked(B));
        assertFalse(blocked.blocked(A));
        assertEquals(A, blocked.other(B));
    }

    @Test
    void strangersToThePairAndSelfRelationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Relation.none(A, B).requested("Cccc"));
        assertThrows(IllegalArgumentException.class, () -> Relation.none(A, A));
    }
}
