package org.parley.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * What a /tim2 token stands for: the account it was issued to, the domain and extend the session will carry, and
 * a stamp of the password hash the account had then ({@link #stampOf}), so a token issued before a password change
 * no longer logs in after it.
 */
public record LoginToken(String node, String domain, Map<String, String> extend, String credential) {

    /**
     * A short digest of a stored password hash: it changes with every password change (bcrypt hashes are salted
     * afresh), and tells nothing of the hash to whoever reads a token entry.
     */
    public static String stampOf(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
