package org.parley.domain;

/**
 * A registered user as stored: the node (keyed hash of name and domain), the password hash, the registration time,
 * and what an operator did to it, all in nanoseconds since the epoch.
 *
 * @param bannedUntil   0 when never banned; a ban (tim's system block) refuses logins until then, and a lifted ban
 *                      ends when it was lifted
 * @param deactivatedAt 0 while active; a deactivated account never logs in again and its name stays taken
 */
public record Account(String node, String passwordHash, long createdAt, long bannedUntil, long deactivatedAt) {

    /** A banned account's {@link #bannedUntil} when the ban has no end. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** A new, active account. */
    public Account(String node, String passwordHash, long createdAt) {
        this(node, passwordHash, createdAt, 0, 0);
    }

    /** Whether logins are refused at this instant: deactivated, or banned until later. */
    public boolean lockedAt(long nowNanos) {
        return deactivatedAt != 0 || bannedUntil > nowNanos;
    }

    public Account withPasswordHash(String hash) {
        return new Account(node, hash, createdAt, bannedUntil, deactivatedAt);
    }

    public Account withBan(long until) {
        return new Account(node, passwordHash, createdAt, until, deactivatedAt);
    }

    public Account deactivated(long at) {
        return new Account(node, passwordHash, createdAt, bannedUntil, at);
    }
}
