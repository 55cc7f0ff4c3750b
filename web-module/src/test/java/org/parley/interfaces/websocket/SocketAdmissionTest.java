package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketAdmissionTest {

    @Test
    void socketsPerAddressAreCountedFromOpenToClose() {
        SocketAdmission admission = new SocketAdmission(0, 2, Set.of());
        assertTrue(admission.admit("a"));
        assertTrue(admission.admit("a"));
        assertFalse(admission.admit("a"));
        assertTrue(admission.admit("b"), "another address has its own count");
        admission.release("a");
        assertTrue(admission.admit("a"), "a closed socket frees its place");
        assertEquals(1, admission.refused());
        assertEquals(3, admission.open());
    }

    @Test
    void theNodesLimitCountsEveryAddressAndUnknownOnes() {
        SocketAdmission admission = new SocketAdmission(2, 0, Set.of());
        assertTrue(admission.admit("a"));
        assertTrue(admission.admit(null));
        assertFalse(admission.admit("b"));
        admission.release(null);
        assertTrue(admission.admit("b"));
        assertEquals(2, admission.open());
    }

    @Test
    void trustedAddressesHaveNoPerAddressLimit() {
        SocketAdmission admission = new SocketAdmission(0, 1, Set.of("10.0.0.5"));
        for (int i = 0; i < 5; i++) {
            assertTrue(admission.admit("10.0.0.5"));
        }
        assertTrue(admission.trusted("10.0.0.5"));
        assertFalse(admission.trusted("10.0.0.6"));
        assertFalse(admission.trusted(null));
    }
}
