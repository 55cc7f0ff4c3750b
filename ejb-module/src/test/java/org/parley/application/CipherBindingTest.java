package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CipherBindingTest {

    @Test
    void eachKindHasItsOwnNameAndIdentity() {
        assertEquals(new CipherBinding("message", List.of("d:a:b", "7")), CipherBinding.message("d:a:b", 7));
        assertEquals(new CipherBinding("offline", List.of("-42")), CipherBinding.offline(-42));
        assertEquals(new CipherBinding("profile", List.of("AbC")), CipherBinding.profile("AbC"));
        assertEquals(new CipherBinding("room", List.of("AbC")), CipherBinding.room("AbC"));
    }

    @Test
    void theSameIdentityUnderDifferentKindsNeverEncodesAlike() {
        // A profile and a room can share a node string, an offline entry id can look like a mid: only the kind
        // keeps a value sealed for one from opening as the other.
        List<CipherBinding> bindings = List.of(CipherBinding.profile("7"), CipherBinding.room("7"),
                CipherBinding.offline(7), CipherBinding.message("7", 7), CipherBinding.message("", 7));
        Set<String> encodings = bindings.stream().map(b -> HexFormat.of().formatHex(b.encoded()))
                .collect(Collectors.toSet());
        assertEquals(bindings.size(), encodings.size(), encodings::toString);
    }
}
