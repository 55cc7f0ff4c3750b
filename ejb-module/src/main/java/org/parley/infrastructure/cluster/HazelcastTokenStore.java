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
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAuth;

/**
 * Tokens in a Hazelcast map with a per-entry time to live: any node of the cluster accepts a token another node
 * issued, and {@code remove} makes each token single-use even when two nodes race for it. Values are stored as
 * bytes (a Thrift-encoded TimAuth) so that no node needs the application's classes to hold them.
 */
@ApplicationScoped
public class HazelcastTokenStore implements TokenStore {

    @Inject
    HazelcastInstance hazelcast;

    private IMap<String, byte[]> tokens;

    @PostConstruct
    void init() {
        tokens = hazelcast.getMap("parley-tokens");
    }

    @Override
    public void put(String token, LoginToken value, Duration ttl) {
        TimAuth encoded = new TimAuth().setName(value.node()).setDomain(value.domain()).setExtend(value.extend());
        tokens.set(token, ThriftCodec.INSTANCE.encode(encoded), ttl.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<LoginToken> take(String token) {
        return Optional.ofNullable(tokens.remove(token)).map(bytes -> {
            TimAuth a = ThriftCodec.INSTANCE.decode(bytes, 0, bytes.length, TimAuth.class);
            return new LoginToken(a.getName(), a.getDomain(), a.getExtend());
        });
    }
}
