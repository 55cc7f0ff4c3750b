package org.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Base58Test {

    @Test
    void encodesTimVectors() {
        // Nodes of §3.1 of the wire-protocol spec: base58 of the unsigned 64-bit uuid.
        assertEquals("KrffBZqyqTL", Base58.encode(Long.parseUnsignedLong("70bc0c9f102bf1f7", 16)));
        assertEquals("ZD9HTVV1Jca", Base58.encode(Long.parseUnsignedLong("c091326c0b9f7d33", 16)));
        assertEquals("Do9Mze4oBH9", Base58.encode(Long.parseUnsignedLong("4c7ff4d010d0bbd0", 16)));
    }

    @Test
    void encodesEdges() {
        assertEquals("1", Base58.encode(0));
        assertEquals("2", Base58.encode(1));
        assertEquals("21", Base58.encode(58));
        assertEquals("jpXCZedGfVQ", Base58.encode(-1L)); // 2^64 - 1
    }
}
