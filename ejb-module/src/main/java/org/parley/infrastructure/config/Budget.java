package org.parley.infrastructure.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A limit's size as configured: {@code uses} per {@code period}, written {@code 20/PT5M}; refilled evenly over the
 * period, so a client that stops for a while gets its uses back. {@code 0} (or {@code 0/...}) means no limit.
 */
public record Budget(long uses, Duration period) {

    public Budget {
        if (uses <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a budget needs uses > 0 and a positive period: " + uses + "/" + period);
        }
    }

    /** @return the budget written as {@code uses/period}, or empty for {@code 0} (no limit) */
    public static Optional<Budget> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        long uses = Long.parseLong(slash < 0 ? t : t.substring(0, slash).trim());
        if (uses == 0) {
            return Optional.empty();
        }
        if (slash < 0) {
            throw new IllegalArgumentException("a limit is uses/period, e.g. 20/PT5M: " + text);
        }
        return Optional.of(new Budget(uses, ParleyConfig.duration(t.substring(slash + 1))));
    }
}
