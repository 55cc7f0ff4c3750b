package org.parley.domain;

/**
 * What two users are to each other, both directions in one value (so every check and every change reads or writes
 * one row): whether each has asked the other for friendship, and whether each has blocked the other. They are
 * friends when both have asked. The pair is kept in a fixed order ({@code low} sorts before {@code high}); the
 * methods take the user whose side is meant, so callers never deal with the order.
 */
public record Relation(String low, String high, boolean lowRequested, boolean highRequested, boolean lowBlocked,
        boolean highBlocked) {

    public Relation {
        if (low.compareTo(high) >= 0) {
            throw new IllegalArgumentException("a relation is between two different users, low first");
        }
    }

    /** Two users who have never dealt with each other. */
    public static Relation none(String userA, String userB) {
        return userA.compareTo(userB) < 0
                ? new Relation(userA, userB, false, false, false, false)
                : new Relation(userB, userA, false, false, false, false);
    }

    /** The shard key of the pair: the same whichever of the two asks, like {@link ChatId#direct}. */
    public static String pairKey(String userA, String userB) {
        return userA.compareTo(userB) <= 0 ? "p:" + userA + ":" + userB : "p:" + userB + ":" + userA;
    }

    public String pairKey() {
        return "p:" + low + ":" + high;
    }

    /** The other user of the pair. */
    public String other(String user) {
        return side(user) ? high : low;
    }

    /** Whether {@code user} has asked the other for friendship (and not withdrawn it). */
    public boolean requested(String user) {
        return side(user) ? lowRequested : highRequested;
    }

    /** Whether {@code user} has blocked the other. */
    public boolean blocked(String user) {
        return side(user) ? lowBlocked : highBlocked;
    }

    public boolean friends() {
        return lowRequested && highRequested;
    }

    public boolean blockedEitherWay() {
        return lowBlocked || highBlocked;
    }

    /** No request and no block on either side: the pair need not be stored. */
    public boolean isEmpty() {
        return !lowRequested && !highRequested && !lowBlocked && !highBlocked;
    }

    /**
     * {@code user} asks for friendship (or accepts the other's request). Asking is a change of mind, so it also
     * lifts a block {@code user} had put on the other; callers refuse it while a block stands.
     */
    public Relation requestedBy(String user) {
        return side(user)
                ? new Relation(low, high, true, highRequested, false, highBlocked)
                : new Relation(low, high, lowRequested, true, lowBlocked, false);
    }

    /**
     * {@code user} ends the friendship (or a pending request either way) and lifts their own block on the other.
     * A block the other put on {@code user} stays.
     */
    public Relation removedBy(String user) {
        return side(user)
                ? new Relation(low, high, false, false, false, highBlocked)
                : new Relation(low, high, false, false, lowBlocked, false);
    }

    /** {@code user} blocks the other: friendship and requests end both ways. */
    public Relation blockedBy(String user) {
        return side(user)
                ? new Relation(low, high, false, false, true, highBlocked)
                : new Relation(low, high, false, false, lowBlocked, true);
    }

    /** True for the low side, false for the high side; anybody else is a programming error. */
    private boolean side(String user) {
        if (low.equals(user)) {
            return true;
        }
        if (high.equals(user)) {
            return false;
        }
        throw new IllegalArgumentException(user + " is not part of " + pairKey());
    }
}
