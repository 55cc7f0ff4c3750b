package org.parley.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    private static String hash(String token) {
        return HexFormat.of().formatHex(ApiTokens.sha256(token));
    }

    @Test
    void aTokenIsKnownByItsHashAndStandsForItsNameAndRole() {
        ApiTokens tokens = ApiTokens.parse(" ci:parley-admin:" + hash("t0ken-a") + ", grafana:parley-auditor:"
                + hash("t0ken-b").toUpperCase() + " ", Optional.empty());
        assertEquals(Optional.of(new Operator("ci", Set.of(Operator.ADMIN))), tokens.match("t0ken-a"));
        assertEquals(Optional.of(new Operator("grafana", Set.of(Operator.AUDITOR))), tokens.match("t0ken-b"));
        assertTrue(tokens.match(hash("t0ken-a")).isEmpty(), "the hash itself is not a token");
        assertTrue(tokens.match("").isEmpty());
        assertTrue(tokens.match("t0ken-a ").isEmpty());
    }

    @Test
    void theLegacyAdminTokenIsOneMoreEntry() {
        ApiTokens tokens = ApiTokens.parse("", Optional.of("old-secret"));
        assertEquals(ApiTokens.LEGACY_NAME, tokens.match("old-secret").orElseThrow().name());
        assertTrue(ApiTokens.parse(" ", Optional.empty()).isEmpty());
        assertFalse(tokens.isEmpty());
    }

    @Test
    void aMalformedEntryIsNamedWithoutItsHash() {
        for (String bad : new String[] {"ci:parley-admin", "ci:root:" + hash("x"), "ci:parley-admin:abc",
                ":parley-admin:" + hash("x"), "ci:parley-admin:" + hash("x") + ":extra"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ApiTokens.parse(bad, Optional.empty()), bad);
            assertFalse(e.getMessage().contains(hash("x")), e.getMessage());
        }
        IllegalArgumentException pasted = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.parse("ci:parley-admin:" + hash("a") + ",s3cret-token-pasted-here", Optional.empty()));
        assertFalse(pasted.getMessage().contains("s3cret"), "a token pasted in by mistake stays out of the log");
        assertTrue(pasted.getMessage().contains("entry 2"), pasted.getMessage());
    }
}
