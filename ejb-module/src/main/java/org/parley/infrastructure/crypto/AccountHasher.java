package org.parley.infrastructure.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.parley.application.AccountIdentity;
import org.parley.domain.Base58;

/**
 * Derives a user's node from account name and domain with HMAC-SHA256 under the account key: stable, short
 * (base58 of 64 bits), and useless for recovering the name without the key, so no table holds a name in clear.
 */
@ApplicationScoped
public class AccountHasher implements AccountIdentity {

    @Inject
    Secrets secrets;

    HmacSha256 hmac;

    @PostConstruct
    void init() {
        hmac = new HmacSha256(secrets.accountKey());
    }

    @Override
    public String nodeOf(String name, String domain) {
        // Length-prefix the name so ("ab","c") and ("a","bc") cannot collide.
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] mac = hmac.of(ByteBuffer.allocate(4).putInt(n.length).array(), n,
                domain == null ? new byte[0] : domain.getBytes(StandardCharsets.UTF_8));
        long v = ByteBuffer.wrap(mac).getLong();
        // Keep nodes 11 characters and never "1" (zero).
        return Base58.encode(v | Long.MIN_VALUE);
    }
}
