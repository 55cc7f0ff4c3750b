package org.parley.application;

import java.time.Duration;
import java.util.Optional;

/** Short-lived, single-use login tokens, visible to every node. */
public interface TokenStore {

    void put(String token, LoginToken value, Duration ttl);

    /** Removes and returns the token: a second take of the same token finds nothing. */
    Optional<LoginToken> take(String token);
}
