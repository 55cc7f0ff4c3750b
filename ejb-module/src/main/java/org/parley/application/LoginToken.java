package org.parley.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.parley.domain.Account;

/**
 * What a /tim2 token stands for: the account it was issued to, the domain and extend the session will carry, and
 * a stamp of the account's credentials and standing then ({@link #stampOf}), so a token issued before a password
 * change, a ban or an unban no longer logs in after it.
 */
public record LoginToken(String node, String domain, Map<String, String> extend, String credential) {

    /** Tokens stay below 2^53 so JavaScript clients, which read them as numbers, keep every digit. */
    private static final long TOKEN_BOUND = 1L << 53;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random token, 1 to 2^53 - 1. */
    public static long newToken() {
        return 1 + RANDOM.nextLong(TOKEN_BOUND - 1);
    }

    /**
     * A short digest of the stored password hash and the operator's ban and deactivation: it changes with every
     * password change (bcrypt hashes are salted afresh) and every ban or unban, and tells nothing of the hash to
     * whoever reads a token entry.
     */
    public static String stampOf(Account account) {
        String credentials = account.passwordHash() + "|" + account.bannedUntil() + "|" + account.deactivatedAt();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
