package org.parley.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.application.LoginToken;

class SealedTokensTest {

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private final AesGcmCipher cipher = new AesGcmCipher(AtRestKeys.parse(
            "k1:" + Base64.getEncoder().encodeToString(random(32)), Optional.empty()));
    private final SealedTokens tokens = new SealedTokens(random(32), cipher);

    private static final LoginToken ALICE = new LoginToken("AliceNode001", "example.org", Map.of("app", "chat"), "stamp-a");
    private static final LoginToken MALLORY = new LoginToken("MalloryNode1", null, null, "stamp-m");

    @Test
    void theKeyIsAKeyedHashThatNamesNeitherTheTokenNorItsAccount() {
        String key = tokens.keyOf("1234567890123");
        assertEquals(key, tokens.keyOf("1234567890123"), "the same token finds its entry");
        assertNotEquals(key, tokens.keyOf("1234567890124"));
        assertNotEquals(key, new SealedTokens(random(32), cipher).keyOf("1234567890123"), "another key, another hash");
        assertFalse(key.contains("1234567890123"));
        String stored = new String(tokens.seal(key, ALICE), StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains("AliceNode001") || stored.contains("example.org") || stored.contains("stamp-a"));
    }

    @Test
    void aValueOpensOnlyUnderItsOwnKey() {
        String alice = tokens.keyOf("111");
        String mallory = tokens.keyOf("222");
        byte[] sealed = tokens.seal(alice, ALICE);
        assertEquals(Optional.of(ALICE), tokens.open(alice, sealed));
        // Mallory, who can write the map, copies Alice's value under the key of the token he holds: it does not open.
        assertTrue(tokens.open(mallory, sealed).isEmpty());
        byte[] changed = sealed.clone();
        changed[changed.length - 1] ^= 1;
        assertTrue(tokens.open(alice, changed).isEmpty());
        assertEquals(Optional.of(MALLORY), tokens.open(mallory, tokens.seal(mallory, MALLORY)), "absent fields stay absent");
    }
}
