package org.parley.infrastructure.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of encryption at rest, by id, and the one new values are sealed under. Every key a stored value
 * may name must be here; the active one must be known to every node of a cluster before any node seals with it.
 */
public final class AtRestKeys {

    /** Ids go into every sealed value's header: short, printable, unambiguous. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeId;

    private AtRestKeys(Map<String, SecretKey> keys, String activeId) {
        this.keys = Map.copyOf(keys);
        this.activeId = activeId;
    }

    /**
     * Parses {@code parley.crypto.keys}: {@code id:base64,id:base64,...}, each key 256 bits. The active key is
     * {@code active} if given, else the only key; several keys and no active one is a configuration error.
     */
    public static AtRestKeys parse(String spec, Optional<String> active) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("parley.crypto.keys: an entry is not id:base64-key");
            }
            String id = e.substring(0, colon).trim();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(e.substring(colon + 1).trim());
            } catch (IllegalArgumentException notBase64) {
                // The message names the id only: key material never goes into logs.
                throw new IllegalArgumentException("parley.crypto.keys: key " + id + " is not base64");
            }
            checkId(id);
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("parley.crypto.keys: key " + id + " is " + key.length * 8
                        + " bits, not 256");
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("parley.crypto.keys: key id " + id + " appears twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("parley.crypto.keys names no key");
        }
        String activeId = active.map(String::trim).filter(a -> !a.isEmpty()).orElseGet(() -> {
            if (keys.size() > 1) {
                throw new IllegalArgumentException("parley.crypto.keys has several keys: set parley.crypto.active-key");
            }
            return keys.keySet().iterator().next();
        });
        if (!keys.containsKey(activeId)) {
            throw new IllegalArgumentException("parley.crypto.active-key " + activeId + " is not in parley.crypto.keys");
        }
        return new AtRestKeys(keys, activeId);
    }

    /** A ring of one key, which is the active one. */
    public static AtRestKeys single(String id, byte[] key) {
        checkId(id);
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key " + id + " is not 256 bits");
        }
        return new AtRestKeys(Map.of(id, new SecretKeySpec(key, "AES")), id);
    }

    public String activeId() {
        return activeId;
    }

    public SecretKey active() {
        return keys.get(activeId);
    }

    public Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    static byte[] idBytes(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1-32 of A-Z a-z 0-9 . _ -");
        }
    }
}
