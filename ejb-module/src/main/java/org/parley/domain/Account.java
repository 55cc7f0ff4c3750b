package org.parley.domain;

/**
 * A registered user as stored: the node (keyed hash of name and domain), the password hash, and the
 * registration time in nanoseconds.
 */
public record Account(String node, String passwordHash, long createdAt) {
}
