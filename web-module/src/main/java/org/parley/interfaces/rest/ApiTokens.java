package org.parley.interfaces.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The REST API's bearer tokens for automation: {@code parley.api.tokens}, a comma-separated list of {@code
 * name:role:sha256-hex}, where the hex is the SHA-256 of the token (the tokens themselves are random and long, so a
 * plain digest is enough, and whoever reads the configuration holds no token). {@code parley.admin.token}, the older
 * single token in clear, counts as one named {@value #LEGACY_NAME} with the admin role.
 */
public final class ApiTokens {

    static final String LEGACY_NAME = "admin-token";

    private record Entry(String name, String role, byte[] digest) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code name:role:64-hex} with a known role
     */
    public static ApiTokens parse(String list, Optional<String> legacyToken) {
        List<Entry> entries = new ArrayList<>();
        String[] items = list.split(",");
        for (int i = 0; i < items.length; i++) {
            String entry = items[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":");
            if (parts.length != 3 || parts[0].isBlank() || !Set.of(Operator.ADMIN, Operator.AUDITOR).contains(parts[1])
                    || !parts[2].matches("[0-9a-fA-F]{64}")) {
                // Named by position only: a token pasted here by mistake must not reach the log.
                throw new IllegalArgumentException("parley.api.tokens: entry " + (i + 1) + " is not name:role:sha256-hex"
                        + " with role " + Operator.ADMIN + " or " + Operator.AUDITOR);
            }
            entries.add(new Entry(parts[0], parts[1], HexFormat.of().parseHex(parts[2])));
        }
        legacyToken.ifPresent(t -> entries.add(new Entry(LEGACY_NAME, Operator.ADMIN, sha256(t))));
        return new ApiTokens(entries);
    }

    /** The operator a presented token stands for; every entry is compared, so the time tells nothing. */
    public Optional<Operator> match(String token) {
        byte[] digest = sha256(token);
        Operator found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(digest, e.digest()) && found == null) {
                found = new Operator(e.name(), Set.of(e.role()));
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
