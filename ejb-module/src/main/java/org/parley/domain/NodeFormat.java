package org.parley.domain;

import java.security.SecureRandom;

/**
 * The shape of node strings (users, rooms, vrooms): base58 text of bounded length. Checked on every node a client
 * sends before any lookup, so malformed input fails fast with tim's "account incorrect".
 */
public final class NodeFormat {

    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeFormat() {
    }

    /** A fresh random node (rooms, vrooms): 64 random bits in base58, never colliding in practice. */
    public static String random() {
        return Base58.encode(RANDOM.nextLong() | Long.MIN_VALUE);
    }

    public static boolean isValid(String node) {
        if (node == null || node.isEmpty() || node.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < node.length(); i++) {
            char c = node.charAt(i);
            boolean base58 = (c >= '1' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O')
                    || (c >= 'a' && c <= 'z' && c != 'l');
            if (!base58) {
                return false;
            }
        }
        return true;
    }
}
