package org.parley.domain;

/**
 * Whether a name or password says one thing only. Java strings can hold what UTF-8 cannot carry: a lone surrogate
 * (JSON's {@code "\ud800"}) becomes {@code '?'} when encoded, and bytes that are not UTF-8 (a Thrift string)
 * decode to U+FFFD. Both collapse different inputs into one, so {@code "\ud800abc"}, {@code "?abc"} and the bytes
 * {@code ff 61 62 63} would all be the same password. Such text is refused instead of hashed.
 */
public final class WellFormedText {

    /** What a UTF-8 decoder puts for bytes it cannot read. */
    private static final char REPLACEMENT = '\uFFFD';

    private WellFormedText() {
    }

    /** @return true if {@code text} is non-empty, has no unpaired surrogate and no U+FFFD */
    public static boolean isWellFormed(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == REPLACEMENT || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
