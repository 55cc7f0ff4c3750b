package org.parley.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeFormatTest {

    @Test
    void acceptsBase58Nodes() {
        assertTrue(NodeFormat.isValid("KrffBZqyqTL"));
        assertTrue(NodeFormat.isValid("1"));
    }

    @Test
    void rejectsEverythingElse() {
        assertFalse(NodeFormat.isValid(null));
        assertFalse(NodeFormat.isValid(""));
        assertFalse(NodeFormat.isValid("abc0")); // 0 is not base58
        assertFalse(NodeFormat.isValid("abcO"));
        assertFalse(NodeFormat.isValid("abcI"));
        assertFalse(NodeFormat.isValid("abcl"));
        assertFalse(NodeFormat.isValid("a b"));
        assertFalse(NodeFormat.isValid("x".repeat(NodeFormat.MAX_LENGTH + 1)));
    }
}
