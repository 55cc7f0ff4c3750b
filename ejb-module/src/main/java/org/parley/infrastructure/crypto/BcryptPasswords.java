package org.parley.infrastructure.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.parley.application.PasswordHashing;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Salted bcrypt hashes. Passwords past bcrypt's 72-byte limit are pre-hashed with SHA-512 instead of being
 * refused or truncated (tim refuses them with 5103).
 */
@ApplicationScoped
public class BcryptPasswords implements PasswordHashing {

    @Inject
    ParleyConfig config;

    @Override
    public String hash(String password) {
        return BCrypt.with(LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2A))
                .hashToString(config.bcryptCost(), password.toCharArray());
    }

    /** A hash of a random password at the configured cost, made once: what {@link #matchesNone} checks against. */
    private volatile String decoy;

    @Override
    public void matchesNone(String password) {
        String d = decoy;
        if (d == null) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            d = hash(HexFormat.of().formatHex(random));
            decoy = d;
        }
        matches(password, d);
    }

    @Override
    public boolean matches(String password, String hash) {
        return BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2A))
                .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
