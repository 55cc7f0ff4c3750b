package org.parley.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parley.application.CipherBinding;
import org.parley.application.CipherFailure;

class AesGcmCipherTest {

    private static final String K1 = randomKey();
    private static final String K2 = randomKey();
    private static final byte[] TEXT = "meet me at the old mill at nine".getBytes(StandardCharsets.UTF_8);
    private static final CipherBinding ROW = CipherBinding.message("d:AAA:bbb", 7);

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static AesGcmCipher cipher(String spec, String active) {
        return new AesGcmCipher(AtRestKeys.parse(spec, Optional.ofNullable(active)));
    }

    @Test
    void roundTripHidesThePlaintextAndUsesAFreshNonceEachTime() {
        AesGcmCipher c = cipher("k1:" + K1, null);
        byte[] a = c.seal(TEXT, ROW);
        byte[] b = c.seal(TEXT, ROW);
        assertArrayEquals(TEXT, c.open(a, ROW));
        assertArrayEquals(TEXT, c.open(b, ROW));
        assertFalse(Arrays.equals(a, b), "two seals of one value must differ (random nonce)");
        assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("old mill"));
        assertArrayEquals(new byte[0], c.open(c.seal(new byte[0], ROW), ROW));
    }

    @Test
    void anyChangedByteMakesTheValueFailToOpen() {
        AesGcmCipher c = cipher("k1:" + K1, null);
        byte[] sealed = c.seal(TEXT, ROW);
        // Every position after the header: nonce, ciphertext and tag.
        for (int i = 2 + "k1".length(); i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThrows(CipherFailure.class, () -> c.open(tampered, ROW), "flipped byte " + i);
        }
        assertThrows(CipherFailure.class, () -> c.open(Arrays.copyOf(sealed, sealed.length - 1), ROW));
    }

    @Test
    void aValueMovedToAnotherRecordFailsToOpen() {
        AesGcmCipher c = cipher("k1:" + K1, null);
        byte[] sealed = c.seal(TEXT, ROW);
        assertThrows(CipherFailure.class, () -> c.open(sealed, CipherBinding.message("d:AAA:bbb", 8)));
        assertThrows(CipherFailure.class, () -> c.open(sealed, CipherBinding.message("d:AAA:bbc", 7)));
        assertThrows(CipherFailure.class, () -> c.open(sealed, new CipherBinding("profile", List.of("d:AAA:bbb", "7"))));
        // Length prefixes keep ("d:AAA:bb", "b7")-style splits apart from the original identity.
        assertThrows(CipherFailure.class, () -> c.open(sealed, new CipherBinding("message", List.of("d:AAA:bbb7"))));
    }

    @Test
    void aProfileDoesNotOpenAsTheRoomOrQueueEntryWithTheSameIdentity() {
        AesGcmCipher c = cipher("k1:" + K1, null);
        byte[] profile = c.seal(TEXT, CipherBinding.profile("7"));
        assertArrayEquals(TEXT, c.open(profile, CipherBinding.profile("7")));
        assertThrows(CipherFailure.class, () -> c.open(profile, CipherBinding.room("7")));
        assertThrows(CipherFailure.class, () -> c.open(profile, CipherBinding.offline(7)));
        assertThrows(CipherFailure.class, () -> c.open(profile, CipherBinding.profile("8")));
    }

    @Test
    void theHeaderNamesTheKeyAndCannotBeRelabelled() {
        AesGcmCipher both = cipher("k1:" + K1 + ",k2:" + K2, "k1");
        byte[] sealed = both.seal(TEXT, ROW);
        assertEquals(AesGcmCipher.VERSION, sealed[0]);
        assertEquals(2, sealed[1]);
        assertEquals("k1", new String(sealed, 2, 2, StandardCharsets.US_ASCII));
        assertEquals("k1", both.keyIdOf(sealed));

        byte[] relabelled = sealed.clone();
        relabelled[3] = '2'; // now claims k2, which exists
        assertEquals("k2", both.keyIdOf(relabelled));
        assertThrows(CipherFailure.class, () -> both.open(relabelled, ROW));
        assertThrows(CipherFailure.class, () -> both.keyIdOf(new byte[] {9, 1, 'x'}));
    }

    @Test
    void aValueUnderAKeyThatIsNotConfiguredFailsToOpen() {
        byte[] sealed = cipher("k1:" + K1, null).seal(TEXT, ROW);
        CipherFailure f = assertThrows(CipherFailure.class, () -> cipher("k2:" + K2, null).open(sealed, ROW));
        assertTrue(f.getMessage().contains("k1"), f.getMessage());
        // Same id, other key material: the tag does not verify.
        assertThrows(CipherFailure.class, () -> cipher("k1:" + K2, null).open(sealed, ROW));
    }

    @Test
    void rotationFromK1ToK2KeepsOldValuesReadableThenTheOldKeyCanGo() {
        byte[] old = cipher("k1:" + K1, null).seal(TEXT, ROW);

        AesGcmCipher rotating = cipher("k1:" + K1 + ",k2:" + K2, "k2");
        assertEquals("k2", rotating.activeKeyId());
        assertArrayEquals(TEXT, rotating.open(old, ROW), "old values stay readable while both keys are configured");
        byte[] fresh = rotating.seal(TEXT, ROW);
        assertEquals("k2", rotating.keyIdOf(fresh), "new values use the new key");
        byte[] resealed = rotating.seal(rotating.open(old, ROW), ROW);
        assertEquals("k2", rotating.keyIdOf(resealed));

        AesGcmCipher withoutK1 = cipher("k2:" + K2, null);
        assertArrayEquals(TEXT, withoutK1.open(fresh, ROW));
        assertArrayEquals(TEXT, withoutK1.open(resealed, ROW));
        assertThrows(CipherFailure.class, () -> withoutK1.open(old, ROW), "a value not rotated needs the old key");
        assertNotEquals(Arrays.toString(old), Arrays.toString(resealed));
    }

    @Test
    void badKeyConfigurationIsRefusedWithoutEchoingKeyMaterial() {
        assertThrows(IllegalArgumentException.class, () -> AtRestKeys.parse("k1:" + K1 + ",k2:" + K2, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> AtRestKeys.parse("k1:" + K1, Optional.of("k9")));
        assertThrows(IllegalArgumentException.class, () -> AtRestKeys.parse("k1:" + K1 + ",k1:" + K2, Optional.of("k1")));
        assertThrows(IllegalArgumentException.class, () -> AtRestKeys.parse("bad id:" + K1, Optional.empty()));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtRestKeys.parse("k1:" + shortKey, Optional.empty()));
        assertFalse(e.getMessage().contains(shortKey));
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> AtRestKeys.parse("k1:###secret###", Optional.empty()));
        assertFalse(notBase64.getMessage().contains("secret"));
    }
}
