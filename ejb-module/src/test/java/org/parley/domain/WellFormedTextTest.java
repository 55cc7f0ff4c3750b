package org.parley.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WellFormedTextTest {

    @Test
    void textThatUtf8CarriesAsItIsIsWellFormed() {
        for (String s : new String[] {"a", "?abc", "pässwörd", "密码", "p\ud83d\ude00w", "\ud83d\ude00"}) {
            assertTrue(WellFormedText.isWellFormed(s), s);
        }
    }

    @Test
    void loneSurrogatesReplacementCharactersAndNothingAreNot() {
        String notUtf8 = new String(new byte[] {(byte) 0xff, 0x61}, StandardCharsets.UTF_8);
        for (String s : new String[] {null, "", "\ud800abc", "\udfffabc", "abc\ud800", "\ude00\ud83d", "\ufffd", notUtf8}) {
            assertFalse(WellFormedText.isWellFormed(s), String.valueOf(s));
        }
    }
}
