package org.parley.infrastructure.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.application.LoginToken;
import org.parley.application.TokenStore;
import org.parley.infrastructure.crypto.SealedTokens;

/**
 * Tokens in a Hazelcast map with a per-entry time to live: any node of the cluster accepts a token another node
 * issued, and {@code remove} makes each token single-use even when two nodes race for it. Entries are kept as
 * {@link SealedTokens} makes them (a keyed hash of the token, a sealed value), so the map holds no usable token and
 * no node needs the application's classes to hold it.
 */
@ApplicationScoped
public class HazelcastTokenStore implements TokenStore {

    @Inject
    HazelcastInstance hazelcast;

    @Inject
    SealedTokens sealing;

    private IMap<String, byte[]> tokens;

    @PostConstruct
    void init() {
        tokens = hazelcast.getMap("parley-tokens");
    }

    @Override
    public void put(String token, LoginToken value, Duration ttl) {
        String key = sealing.keyOf(token);
        tokens.set(key, sealing.seal(key, value), ttl.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<LoginToken> take(String token) {
        String key = sealing.keyOf(token);
        return Optional.ofNullable(tokens.remove(key)).flatMap(sealed -> sealing.open(key, sealed));
    }
}
