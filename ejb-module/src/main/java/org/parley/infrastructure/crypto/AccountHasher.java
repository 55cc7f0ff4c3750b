package org.parley.infrastructure.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    private SecretKeySpec key;

    @PostConstruct
    void init() {
        key = new SecretKeySpec(secrets.accountKey(), "HmacSHA256");
    }

    @Override
    public String nodeOf(String name, String domain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Length-prefix the name so ("ab","c") and ("a","bc") cannot collide.
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(n.length).array());
            mac.update(n);
            mac.update(domain == null ? new byte[0] : domain.getBytes(StandardCharsets.UTF_8));
            long v = ByteBuffer.wrap(mac.doFinal()).getLong();
            // Keep nodes 11 characters and never "1" (zero).
            return Base58.encode(v | Long.MIN_VALUE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
