package org.parley.domain;

/** Base58 (Bitcoin alphabet) of an unsigned 64-bit value: tim's textual form of nodes and tokens. */
public final class Base58 {

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();

    private Base58() {
    }

    public static String encode(long unsigned) {
        if (unsigned == 0) {
            return "1";
        }
        char[] buf = new char[11];
        int pos = buf.length;
        long v = unsigned;
        while (v != 0) {
            buf[--pos] = ALPHABET[(int) Long.remainderUnsigned(v, 58)];
            v = Long.divideUnsigned(v, 58);
        }
        return new String(buf, pos, buf.length - pos);
    }
}
